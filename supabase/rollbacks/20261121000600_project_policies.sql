-- Inverse of 20261121000600_project_policies.sql.

drop policy "project_members: members read the member list" on public.project_members;
revoke select on table public.project_members from authenticated;

drop policy "projects: owners delete from the trash" on public.projects;
drop policy "projects: owners and admins edit active projects" on public.projects;
drop policy "projects: users create projects they own" on public.projects;
drop policy "projects: members read, owners also their trash" on public.projects;
revoke delete on table public.projects from authenticated;
revoke update (name, description) on table public.projects from authenticated;
revoke insert (id, name, description, owner_id) on table public.projects from authenticated;
revoke select on table public.projects from authenticated;
