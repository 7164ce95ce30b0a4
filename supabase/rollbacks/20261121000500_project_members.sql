-- Inverse of 20261121000500_project_members.sql.

drop function private.project_role(uuid);
drop function private.project_ids_with_role(public.project_role[]);
drop function private.readable_project_ids();
drop trigger projects_check_owner on public.projects;
drop trigger projects_add_owner_member on public.projects;
drop table public.project_members;
drop function private.check_project_owner();
drop function private.add_project_owner();
drop type public.project_role;
