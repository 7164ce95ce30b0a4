-- Inverse of 20261121000900_jobs.sql.

drop table public.jobs;
drop function private.enforce_job_quota();
drop type public.job_status;
