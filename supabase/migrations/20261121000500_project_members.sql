-- Who may do what in a project: owner > admin > member > viewer. Exactly one
-- owner per project, equal to projects.owner_id: the owner row is created
-- with the project (trigger), a second owner is refused by a unique index, and
-- a deferred constraint trigger checks the invariant at commit. Also the
-- membership helpers that policies call: security definer, so policies never
-- query project_members under its own RLS (no recursion).

create type public.project_role as enum ('owner', 'admin', 'member', 'viewer');
comment on type public.project_role is
  'owner: everything, one per project. admin: edit the project, manage members and viewers. member: create jobs. viewer: read only.';

create table public.project_members (
  project_id uuid not null references public.projects (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  role public.project_role not null default 'member',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, user_id)
);
comment on table public.project_members is
  'Membership and role of a user in a project. Changed through the member RPCs (invite_project_member, change_project_member_role, remove_project_member, leave_project, transfer_project_ownership).';
comment on column public.project_members.role is 'Exactly one owner per project (the projects.owner_id user).';

-- The primary key covers project_id; this one serves "my projects" and the user_id foreign key.
create index project_members_user_id_idx on public.project_members (user_id, project_id);
create unique index project_members_one_owner_idx on public.project_members (project_id) where role = 'owner';

create trigger project_members_set_updated_at
  before update on public.project_members
  for each row execute function private.set_updated_at();

create function private.add_project_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.project_members (project_id, user_id, role)
  values (new.id, new.owner_id, 'owner');
  return null;
end
$$;
comment on function private.add_project_owner() is
  'AFTER INSERT on projects: makes the owner a member with role owner.';
revoke all on function private.add_project_owner() from public;

create trigger projects_add_owner_member
  after insert on public.projects
  for each row execute function private.add_project_owner();

create function private.check_project_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_project_ids uuid[];
  v_project_id uuid;
  v_owner_id uuid;
  v_owners integer;
  v_owner_is_member boolean;
begin
  if tg_table_name = 'projects' then
    v_project_ids := array[new.id];
  elsif tg_op = 'INSERT' then
    v_project_ids := array[new.project_id];
  elsif tg_op = 'DELETE' then
    v_project_ids := array[old.project_id];
  else
    v_project_ids := array[old.project_id, new.project_id];
  end if;

  foreach v_project_id in array v_project_ids loop
    select p.owner_id into v_owner_id from public.projects p where p.id = v_project_id;
    continue when not found; -- the project itself was deleted
    select count(*), coalesce(bool_or(m.user_id = v_owner_id), false)
      into v_owners, v_owner_is_member
    from public.project_members m
    where m.project_id = v_project_id and m.role = 'owner';
    if v_owners <> 1 or not v_owner_is_member then
      raise exception using
        errcode = '23514',
        message = 'last_owner: a project must keep exactly one owner, the user in projects.owner_id',
        detail = format('project %s has %s owner rows', v_project_id, v_owners);
    end if;
  end loop;
  return null;
end
$$;
comment on function private.check_project_owner() is
  'Deferred constraint trigger: at commit every touched project has exactly one owner row and it matches projects.owner_id.';
revoke all on function private.check_project_owner() from public;

create constraint trigger project_members_check_owner
  after insert or update or delete on public.project_members
  deferrable initially deferred
  for each row execute function private.check_project_owner();

create constraint trigger projects_check_owner
  after insert or update of owner_id on public.projects
  deferrable initially deferred
  for each row execute function private.check_project_owner();

-- Membership helpers for policies -------------------------------------------
-- Each returns an array so a policy can say `id = any ((select private.f())::uuid[])`:
-- the scalar subquery is evaluated once per statement (an InitPlan), the
-- comparison can be an index condition, and the cast makes ANY take the array
-- (without it, `any ((select ...))` would parse as ANY over a subquery).

create function private.readable_project_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.project_id), '{}')
  from public.project_members m
  join public.projects p on p.id = m.project_id
  where m.user_id = (select auth.uid())
    and (p.deleted_at is null or m.role = 'owner')
$$;
comment on function private.readable_project_ids() is
  'Projects the current user may read: active ones they are a member of, and trashed ones they own.';

create function private.project_ids_with_role(p_roles public.project_role[])
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(m.project_id), '{}')
  from public.project_members m
  join public.projects p on p.id = m.project_id
  where m.user_id = (select auth.uid())
    and m.role = any (p_roles)
    and p.deleted_at is null
$$;
comment on function private.project_ids_with_role(public.project_role[]) is
  'Active (not trashed) projects in which the current user has one of the given roles.';

create function private.project_role(p_project_id uuid)
returns public.project_role
language sql
stable
security definer
set search_path = ''
as $$
  select m.role
  from public.project_members m
  join public.projects p on p.id = m.project_id
  where m.project_id = p_project_id
    and m.user_id = (select auth.uid())
    and p.deleted_at is null
$$;
comment on function private.project_role(uuid) is
  'The current user''s role in an active project; null when not a member, or the project is trashed or missing.';

revoke all on function private.readable_project_ids() from public;
revoke all on function private.project_ids_with_role(public.project_role[]) from public;
revoke all on function private.project_role(uuid) from public;
grant execute on function private.readable_project_ids() to authenticated, service_role;
grant execute on function private.project_ids_with_role(public.project_role[]) to authenticated, service_role;
grant execute on function private.project_role(uuid) to authenticated, service_role;

alter table public.project_members enable row level security;
revoke all on table public.project_members from anon, authenticated;
