-- Inverse of 20261121223436_members_edit_description.sql.

drop trigger projects_limit_member_edits on public.projects;
drop function private.limit_member_project_edits();

drop policy "projects: owners, admins and members edit active projects" on public.projects;

create policy "projects: owners and admins edit active projects"
  on public.projects for update to authenticated
  using (id = any ((select private.project_ids_with_role('{owner,admin}'))::uuid[]))
  with check (id = any ((select private.project_ids_with_role('{owner,admin}'))::uuid[]));

comment on type public.project_role is
  'owner: everything, one per project. admin: edit the project, manage members and viewers. member: create jobs. viewer: read only.';
