-- Inverse of 20261121234053_project_file_sweeps.sql. Pending sweeps are lost:
-- their files stay in the assets bucket.

drop function public.finish_project_file_sweep(uuid, text);
drop function public.claim_project_file_sweeps(integer, interval);
drop trigger projects_queue_file_sweep on public.projects;
drop function private.queue_project_file_sweep();
drop table private.project_file_sweeps;
