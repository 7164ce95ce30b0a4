-- Members may edit a project's description (issue 6: "Alice promotes Bob to
-- member, he edits the description"); renaming stays with owners and admins.
--   projects: owners, admins and members update active projects (the column
--             grant already limits signed-in users to name and description);
--             a BEFORE UPDATE trigger refuses a member's change to anything
--             but the description (updated_at and updated_by are kept by the
--             existing triggers). Viewers update nothing (the policy filters
--             their rows out); the service role is not restricted.
--
-- Errors: 42501 not_allowed: members can only edit the description.

comment on type public.project_role is
  'owner: everything, one per project. admin: edit the project, manage members and viewers. member: create jobs, edit the description. viewer: read only.';

drop policy "projects: owners and admins edit active projects" on public.projects;

create policy "projects: owners, admins and members edit active projects"
  on public.projects for update to authenticated
  using (id = any ((select private.project_ids_with_role('{owner,admin,member}'))::uuid[]))
  with check (id = any ((select private.project_ids_with_role('{owner,admin,member}'))::uuid[]));

create function private.limit_member_project_edits()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_changed text;
begin
  if (select auth.role()) = 'service_role' or private.project_role(old.id) is distinct from 'member' then
    return new;
  end if;
  select string_agg(n.key, ', ' order by n.key) into v_changed
  from jsonb_each(to_jsonb(new)) n
  where n.key not in ('description', 'updated_at', 'updated_by')
    and n.value is distinct from to_jsonb(old) -> n.key;
  if v_changed is not null then
    raise exception using
      errcode = '42501',
      message = 'not_allowed: members can only edit the description',
      detail = format('changed: %s', v_changed),
      hint = 'Only the owner or an admin can rename the project.';
  end if;
  return new;
end
$$;
comment on function private.limit_member_project_edits() is
  'BEFORE UPDATE on projects: a caller whose role in the project is member may change only the description; anything else raises 42501 "not_allowed: ...". The service role is not restricted.';
revoke all on function private.limit_member_project_edits() from public;

create trigger projects_limit_member_edits
  before update on public.projects
  for each row execute function private.limit_member_project_edits();
