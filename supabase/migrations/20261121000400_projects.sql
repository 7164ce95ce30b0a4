-- Projects: what users create and share. Soft-deleted into a trash
-- (deleted_at) for 30 days before purge. Each active project counts against
-- its owner's plan (public.plan_limits.max_projects), enforced here so a forged
-- request cannot pass. Access rules come with project_members (next
-- migrations); until then only the service role can use this table.

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text not null default '',
  owner_id uuid not null default auth.uid() references public.users (id) on delete cascade,
  created_by uuid references public.users (id) on delete set null,
  updated_by uuid references public.users (id) on delete set null,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_name_length check (char_length(name) between 1 and 80),
  constraint projects_name_trimmed check (name = btrim(name, E' \t\n\r\f\v')),
  constraint projects_description_length check (char_length(description) <= 2000)
);
comment on table public.projects is
  'A user''s project, shared through project_members. Soft delete: deleted_at set = in the owner''s trash, purged after 30 days.';
comment on column public.projects.name is '1 to 80 characters, without leading or trailing whitespace (trim before saving).';
comment on column public.projects.owner_id is
  'The owner, also present in project_members with role owner (kept equal by trigger). Changed only by public.transfer_project_ownership.';
comment on column public.projects.created_by is 'Who created the project (set by trigger from the JWT; null for the service role).';
comment on column public.projects.updated_by is 'Who last changed the project (set by trigger from the JWT).';
comment on column public.projects.deleted_at is
  'Soft delete: when the owner moved the project to the trash. Members no longer see it; the owner can restore it until it is purged.';

create index projects_owner_id_idx on public.projects (owner_id);
create index projects_created_by_idx on public.projects (created_by);
create index projects_updated_by_idx on public.projects (updated_by);
create index projects_deleted_at_idx on public.projects (deleted_at) where deleted_at is not null;

create trigger projects_set_updated_at
  before update on public.projects
  for each row execute function private.set_updated_at();

create function private.set_project_actor()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_actor uuid := auth.uid();
begin
  if tg_op = 'INSERT' then
    new.created_by := coalesce(v_actor, new.created_by);
    new.updated_by := coalesce(v_actor, new.updated_by, new.created_by);
  else
    new.created_by := old.created_by;
    new.updated_by := coalesce(v_actor, new.updated_by);
  end if;
  return new;
end
$$;
comment on function private.set_project_actor() is
  'BEFORE INSERT/UPDATE on projects: created_by and updated_by come from the JWT, never from the request body.';
revoke all on function private.set_project_actor() from public;

create trigger projects_set_actor
  before insert or update on public.projects
  for each row execute function private.set_project_actor();

-- Plan limit ----------------------------------------------------------------

create function private.assert_project_capacity(p_owner_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_tier public.subscription_tier;
  v_limit integer;
  v_active integer;
begin
  -- Lock the owner's profile: concurrent creations for one owner queue here,
  -- so two requests cannot both take the last free slot.
  select u.subscription_tier into v_tier from public.users u where u.id = p_owner_id for update;
  if not found then
    return; -- the foreign key refuses the row
  end if;
  select l.max_projects into v_limit from public.plan_limits l where l.tier = v_tier;
  if not found then
    raise exception 'plan_limits has no row for tier %', v_tier;
  end if;
  if v_limit is null then
    return;
  end if;
  select count(*) into v_active
  from public.projects p
  where p.owner_id = p_owner_id and p.deleted_at is null;
  if v_active > v_limit then
    raise exception using
      errcode = 'P0001',
      message = format('plan_limit_reached: the %s plan allows %s active projects', v_tier, v_limit),
      detail = jsonb_build_object('tier', v_tier, 'limit', v_limit)::text,
      hint = 'Upgrade the plan, or delete a project first.';
  end if;
end
$$;
comment on function private.assert_project_capacity(uuid) is
  'Raises P0001 "plan_limit_reached: ..." when the owner has more active projects than their plan allows. Called after the change it checks.';
revoke all on function private.assert_project_capacity(uuid) from public;

create function private.enforce_project_plan_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.assert_project_capacity(new.owner_id);
  return null;
end
$$;
comment on function private.enforce_project_plan_limit() is
  'AFTER INSERT on projects: refuses the project when it exceeds the owner''s plan (plan_limits.max_projects).';
revoke all on function private.enforce_project_plan_limit() from public;

create trigger projects_enforce_plan_limit
  after insert on public.projects
  for each row execute function private.enforce_project_plan_limit();

alter table public.projects enable row level security;
revoke all on table public.projects from anon, authenticated;
