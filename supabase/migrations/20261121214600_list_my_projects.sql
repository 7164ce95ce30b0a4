-- The dashboard's list in one round trip: the caller's active projects with
-- their role, member count and latest job status, newest first, filtered by
-- name and paged. security invoker, so row level security decides exactly as
-- for plain reads; total_count (the same on every row) drives the pager.

create function public.list_my_projects(
  p_search text default null,
  p_limit integer default 20,
  p_offset integer default 0
)
returns table (
  id uuid,
  name text,
  description text,
  role public.project_role,
  member_count integer,
  last_job_status public.job_status,
  last_job_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  total_count integer
)
language sql
stable
security invoker
set search_path = ''
as $$
  with mine as (
    select p.id, p.name, p.description, m.role, p.created_at, p.updated_at
    from public.project_members m
    join public.projects p on p.id = m.project_id
    where m.user_id = (select auth.uid())
      and p.deleted_at is null
      and (
        nullif(btrim(p_search), '') is null
        -- The search text is literal: \, % and _ lose their LIKE meaning.
        or p.name ilike '%' || replace(replace(replace(btrim(p_search), '\', '\\'), '%', '\%'), '_', '\_') || '%'
      )
  )
  select
    mine.id,
    mine.name,
    mine.description,
    mine.role,
    (select count(*) from public.project_members pm where pm.project_id = mine.id)::integer,
    last_job.status,
    last_job.created_at,
    mine.created_at,
    mine.updated_at,
    (count(*) over ())::integer
  from mine
  left join lateral (
    select j.status, j.created_at
    from public.jobs j
    where j.project_id = mine.id
    order by j.created_at desc
    limit 1
  ) last_job on true
  order by mine.created_at desc, mine.id desc
  limit least(greatest(coalesce(p_limit, 20), 1), 100)
  offset greatest(coalesce(p_offset, 0), 0)
$$;
comment on function public.list_my_projects(text, integer, integer) is
  'The caller''s active projects (name contains p_search, case-insensitive), newest first, with their role, member count, latest job status and total_count for paging. p_limit is clamped to 1..100.';

revoke all on function public.list_my_projects(text, integer, integer) from public, anon, authenticated, service_role;
grant execute on function public.list_my_projects(text, integer, integer) to authenticated;
