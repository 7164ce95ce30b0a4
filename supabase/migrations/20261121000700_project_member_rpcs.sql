-- Member management, as RPCs (POST /rest/v1/rpc/<name>) for signed-in users.
-- These rules need more than row level security can say safely: finding a user
-- by email, role hierarchies, and "never zero owners". Each function checks
-- the caller's role itself and raises a clear error the app can map:
--
--   SQLSTATE P0001  project_not_found: ...  the project does not exist, is in the trash, or the caller is not a member
--   SQLSTATE 42501  not_allowed: ...        the caller's role does not permit this
--   SQLSTATE P0001  unknown_email: ...      nobody has signed up with that email
--   SQLSTATE P0001  already_member: ...     the user is already in the project
--   SQLSTATE P0001  not_a_member: ...       the target user is not in the project
--   SQLSTATE P0001  invalid_role: ...       'owner' cannot be given; use transfer_project_ownership
--   SQLSTATE P0001  last_owner: ...         the change would leave the project without its owner
--   SQLSTATE P0001  plan_limit_reached: ... the new owner's plan has no room for another project
--
-- Rules: the owner manages everyone; an admin manages members and viewers
-- (not other admins); the owner cannot leave or be removed or demoted, only
-- replaced with transfer_project_ownership (the old owner becomes admin).

create function private.caller_project_role(p_project_id uuid)
returns public.project_role
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_role public.project_role := private.project_role(p_project_id);
begin
  if v_role is null then
    raise exception using
      errcode = 'P0001',
      message = 'project_not_found: no such project, or you are not a member of it';
  end if;
  return v_role;
end
$$;
comment on function private.caller_project_role(uuid) is
  'The caller''s role in an active project, or raises P0001 project_not_found (never reveals whether the project exists).';
revoke all on function private.caller_project_role(uuid) from public;

create function private.raise_not_allowed(p_message text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception using errcode = '42501', message = 'not_allowed: ' || p_message;
end
$$;
comment on function private.raise_not_allowed(text) is 'Raises SQLSTATE 42501 with message "not_allowed: <p_message>".';
revoke all on function private.raise_not_allowed(text) from public;

-- invite ----------------------------------------------------------------------

create function public.invite_project_member(
  p_project_id uuid,
  p_email text,
  p_role public.project_role default 'member'
)
returns public.project_members
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller_role public.project_role := private.caller_project_role(p_project_id);
  v_user_id uuid;
  v_member public.project_members;
begin
  if v_caller_role not in ('owner', 'admin') then
    perform private.raise_not_allowed('only the owner or an admin can invite members');
  end if;
  if p_role is null or p_role = 'owner' then
    raise exception using errcode = 'P0001',
      message = 'invalid_role: invite as admin, member or viewer; to hand over the project use transfer_project_ownership';
  end if;
  if p_role = 'admin' and v_caller_role <> 'owner' then
    perform private.raise_not_allowed('only the owner can add admins');
  end if;

  select u.id into v_user_id
  from auth.users u
  join public.users p on p.id = u.id
  where u.email = lower(btrim(p_email)) and u.deleted_at is null;
  if v_user_id is null then
    raise exception using errcode = 'P0001', message = 'unknown_email: nobody has signed up with this email';
  end if;

  begin
    insert into public.project_members (project_id, user_id, role)
    values (p_project_id, v_user_id, p_role)
    returning * into v_member;
  exception when unique_violation then
    raise exception using errcode = 'P0001', message = 'already_member: this user is already a member of the project';
  end;
  return v_member;
end
$$;
comment on function public.invite_project_member(uuid, text, public.project_role) is
  'Adds the user with this email (an existing account) to the project. Owner: any role but owner; admin: member or viewer. Errors: project_not_found, not_allowed, invalid_role, unknown_email, already_member.';

-- change role -------------------------------------------------------------------

create function public.change_project_member_role(
  p_project_id uuid,
  p_user_id uuid,
  p_role public.project_role
)
returns public.project_members
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller_role public.project_role := private.caller_project_role(p_project_id);
  v_target public.project_members;
begin
  if v_caller_role not in ('owner', 'admin') then
    perform private.raise_not_allowed('only the owner or an admin can change roles');
  end if;
  select * into v_target from public.project_members m
  where m.project_id = p_project_id and m.user_id = p_user_id
  for update;
  if not found then
    raise exception using errcode = 'P0001', message = 'not_a_member: this user is not a member of the project';
  end if;
  if v_target.role = 'owner' then
    raise exception using errcode = 'P0001',
      message = 'last_owner: the owner''s role cannot be changed; transfer ownership to another member first';
  end if;
  if p_role is null or p_role = 'owner' then
    raise exception using errcode = 'P0001',
      message = 'invalid_role: to make someone the owner use transfer_project_ownership';
  end if;
  if v_caller_role = 'admin' and (v_target.role = 'admin' or p_role = 'admin') then
    perform private.raise_not_allowed('only the owner can add or change admins');
  end if;

  update public.project_members m set role = p_role
  where m.project_id = p_project_id and m.user_id = p_user_id
  returning * into v_target;
  return v_target;
end
$$;
comment on function public.change_project_member_role(uuid, uuid, public.project_role) is
  'Sets a member''s role (admin, member, viewer). Owner: anyone but themself; admin: members and viewers only. Errors: project_not_found, not_allowed, not_a_member, last_owner, invalid_role.';

-- remove / leave -----------------------------------------------------------------

create function public.remove_project_member(p_project_id uuid, p_user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller_role public.project_role := private.caller_project_role(p_project_id);
  v_target_role public.project_role;
begin
  if v_caller_role not in ('owner', 'admin') then
    perform private.raise_not_allowed('only the owner or an admin can remove members');
  end if;
  select m.role into v_target_role from public.project_members m
  where m.project_id = p_project_id and m.user_id = p_user_id
  for update;
  if not found then
    raise exception using errcode = 'P0001', message = 'not_a_member: this user is not a member of the project';
  end if;
  if v_target_role = 'owner' then
    raise exception using errcode = 'P0001',
      message = 'last_owner: the owner cannot be removed; transfer ownership to another member first';
  end if;
  if v_caller_role = 'admin' and v_target_role = 'admin' then
    perform private.raise_not_allowed('only the owner can remove admins (an admin can leave the project)');
  end if;
  delete from public.project_members m where m.project_id = p_project_id and m.user_id = p_user_id;
end
$$;
comment on function public.remove_project_member(uuid, uuid) is
  'Removes a member. Owner: anyone but themself; admin: members and viewers. Errors: project_not_found, not_allowed, not_a_member, last_owner.';

create function public.leave_project(p_project_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller_role public.project_role := private.caller_project_role(p_project_id);
begin
  if v_caller_role = 'owner' then
    raise exception using errcode = 'P0001',
      message = 'last_owner: the owner cannot leave; transfer ownership to another member first';
  end if;
  delete from public.project_members m
  where m.project_id = p_project_id and m.user_id = (select auth.uid());
end
$$;
comment on function public.leave_project(uuid) is
  'The caller leaves the project. Errors: project_not_found, last_owner (the owner must transfer ownership first).';

-- transfer ownership ---------------------------------------------------------------

create function public.transfer_project_ownership(p_project_id uuid, p_new_owner_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_caller uuid := (select auth.uid());
  v_caller_role public.project_role := private.caller_project_role(p_project_id);
begin
  if v_caller_role <> 'owner' then
    perform private.raise_not_allowed('only the owner can transfer ownership');
  end if;
  if p_new_owner_id = v_caller then
    return;
  end if;
  perform 1 from public.project_members m
  where m.project_id = p_project_id and m.user_id = p_new_owner_id
  for update;
  if not found then
    raise exception using errcode = 'P0001',
      message = 'not_a_member: ownership can only go to a member of the project; invite them first';
  end if;

  -- Demote first: the unique index allows one owner row at a time.
  update public.project_members m set role = 'admin'
  where m.project_id = p_project_id and m.user_id = v_caller;
  update public.project_members m set role = 'owner'
  where m.project_id = p_project_id and m.user_id = p_new_owner_id;
  update public.projects p set owner_id = p_new_owner_id where p.id = p_project_id;

  perform private.assert_project_capacity(p_new_owner_id);
end
$$;
comment on function public.transfer_project_ownership(uuid, uuid) is
  'Makes another member the owner; the caller (the owner) becomes admin. Errors: project_not_found, not_allowed, not_a_member, plan_limit_reached (new owner''s plan is full).';

-- member list with profiles ----------------------------------------------------------

create function public.list_project_members(p_project_id uuid)
returns table (
  user_id uuid,
  email text,
  name text,
  avatar_url text,
  role public.project_role,
  created_at timestamptz
)
language sql
stable
security definer
set search_path = ''
as $$
  select m.user_id, u.email, u.name, u.avatar_url, m.role, m.created_at
  from public.project_members m
  join public.users u on u.id = m.user_id
  where m.project_id = p_project_id
    and p_project_id = any (private.readable_project_ids())
  order by m.role, u.name nulls last, u.email
$$;
comment on function public.list_project_members(uuid) is
  'Members of a project the caller can read, with email, name and avatar (profiles are otherwise private to their owner). Empty when the caller cannot read the project.';

revoke all on function public.invite_project_member(uuid, text, public.project_role) from public, anon, authenticated, service_role;
revoke all on function public.change_project_member_role(uuid, uuid, public.project_role) from public, anon, authenticated, service_role;
revoke all on function public.remove_project_member(uuid, uuid) from public, anon, authenticated, service_role;
revoke all on function public.leave_project(uuid) from public, anon, authenticated, service_role;
revoke all on function public.transfer_project_ownership(uuid, uuid) from public, anon, authenticated, service_role;
revoke all on function public.list_project_members(uuid) from public, anon, authenticated, service_role;
grant execute on function public.invite_project_member(uuid, text, public.project_role) to authenticated;
grant execute on function public.change_project_member_role(uuid, uuid, public.project_role) to authenticated;
grant execute on function public.remove_project_member(uuid, uuid) to authenticated;
grant execute on function public.leave_project(uuid) to authenticated;
grant execute on function public.transfer_project_ownership(uuid, uuid) to authenticated;
grant execute on function public.list_project_members(uuid) to authenticated;
