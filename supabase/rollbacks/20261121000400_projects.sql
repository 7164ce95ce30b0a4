-- Inverse of 20261121000400_projects.sql.

drop table public.projects;
drop function private.enforce_project_plan_limit();
drop function private.assert_project_capacity(uuid);
drop function private.set_project_actor();
