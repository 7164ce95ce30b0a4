-- Inverse of 20261121000800_project_trash.sql.

drop function public.purge_deleted_projects(interval);
drop function public.restore_project(uuid);
drop function public.trash_project(uuid);
