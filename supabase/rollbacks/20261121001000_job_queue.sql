-- Inverse of 20261121001000_job_queue.sql.

drop function public.requeue_stale_jobs(interval);
drop function public.claim_jobs(text, integer, text[]);
