-- The trash: the owner soft-deletes a project (members stop seeing it at
-- once), can restore it, and can delete it for good from the trash (plain
-- DELETE, allowed by the "owners delete from the trash" policy). Projects
-- trashed for longer than 30 days are purged by public.purge_deleted_projects,
-- run by the service role on a schedule (pg_cron-ready):
--   select cron.schedule('purge-trash', '17 3 * * *', 'select public.purge_deleted_projects()');
--
-- Errors: P0001 project_not_found, 42501 not_allowed, P0001 plan_limit_reached.

create function public.trash_project(p_project_id uuid)
returns public.projects
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_project public.projects;
begin
  if private.caller_project_role(p_project_id) <> 'owner' then
    perform private.raise_not_allowed('only the owner can delete the project');
  end if;
  update public.projects p set deleted_at = now()
  where p.id = p_project_id
  returning * into v_project;
  return v_project;
end
$$;
comment on function public.trash_project(uuid) is
  'Owner only: moves an active project to the trash (sets deleted_at). Errors: project_not_found, not_allowed.';

create function public.restore_project(p_project_id uuid)
returns public.projects
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_project public.projects;
begin
  update public.projects p set deleted_at = null
  where p.id = p_project_id
    and p.owner_id = (select auth.uid())
    and p.deleted_at is not null
  returning * into v_project;
  if not found then
    raise exception using errcode = 'P0001', message = 'project_not_found: this project is not in your trash';
  end if;
  perform private.assert_project_capacity(v_project.owner_id);
  return v_project;
end
$$;
comment on function public.restore_project(uuid) is
  'Owner only: brings a project back from the trash; it counts against the plan again. Errors: project_not_found, plan_limit_reached.';

create function public.purge_deleted_projects(p_older_than interval default interval '30 days')
returns setof uuid
language sql
security invoker
set search_path = ''
as $$
  delete from public.projects p
  where p.deleted_at < now() - p_older_than
  returning p.id
$$;
comment on function public.purge_deleted_projects(interval) is
  'Service role: permanently deletes projects trashed longer than p_older_than (default 30 days) with their members, jobs and asset rows. Returns their ids so the caller can remove <id>/ from the assets bucket.';

revoke all on function public.trash_project(uuid) from public, anon, authenticated, service_role;
revoke all on function public.restore_project(uuid) from public, anon, authenticated, service_role;
revoke all on function public.purge_deleted_projects(interval) from public, anon, authenticated, service_role;
grant execute on function public.trash_project(uuid) to authenticated;
grant execute on function public.restore_project(uuid) to authenticated;
grant execute on function public.purge_deleted_projects(interval) to service_role;
