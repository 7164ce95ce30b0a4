-- The worker's side of the jobs table (service role only). Any number of
-- workers may call claim_jobs at once: FOR UPDATE SKIP LOCKED hands each
-- queued job to exactly one of them. A worker that stops sending heartbeats
-- loses its jobs to requeue_stale_jobs (retry with backoff, or fail after
-- max_attempts). Progress, results and completion are plain UPDATEs.

create function public.claim_jobs(
  p_worker_id text,
  p_limit integer default 1,
  p_job_types text[] default null
)
returns setof public.jobs
language sql
volatile
security invoker
set search_path = ''
as $$
  with next_jobs as (
    select j.id
    from public.jobs j
    where j.status = 'queued'
      and j.run_after <= now()
      and j.attempts < j.max_attempts
      and (p_job_types is null or j.job_type = any (p_job_types))
    order by j.run_after, j.created_at
    limit greatest(p_limit, 0)
    for update skip locked
  )
  update public.jobs j set
    status = 'processing',
    attempts = j.attempts + 1,
    locked_by = p_worker_id,
    locked_at = now(),
    heartbeat_at = now(),
    started_at = coalesce(j.started_at, now())
  from next_jobs
  where j.id = next_jobs.id
  returning j.*
$$;
comment on function public.claim_jobs(text, integer, text[]) is
  'Service role: marks up to p_limit runnable queued jobs (optionally only these job types) as processing by p_worker_id and returns them, oldest first. Concurrent callers never get the same job.';

create function public.requeue_stale_jobs(p_stale_after interval default interval '5 minutes')
returns integer
language sql
volatile
security invoker
set search_path = ''
as $$
  with stale as (
    select j.id
    from public.jobs j
    where j.status = 'processing'
      and j.heartbeat_at < now() - p_stale_after
    for update skip locked
  ),
  changed as (
    update public.jobs j set
      status = case when j.attempts < j.max_attempts then 'queued' else 'failed' end::public.job_status,
      run_after = case when j.attempts < j.max_attempts
        then now() + least(interval '1 hour', interval '30 seconds' * power(2, j.attempts - 1))
        else j.run_after end,
      error_message = case when j.attempts < j.max_attempts then j.error_message
        else 'The worker stopped responding and no attempts are left.' end,
      finished_at = case when j.attempts < j.max_attempts then null else now() end,
      locked_by = null,
      locked_at = null,
      heartbeat_at = null
    from stale
    where j.id = stale.id
    returning j.id
  )
  select count(*)::integer from changed
$$;
comment on function public.requeue_stale_jobs(interval) is
  'Service role: jobs processing without a heartbeat for p_stale_after go back to the queue with exponential backoff (30 s, 1 min, 2 min ... at most 1 h), or fail once max_attempts is used up. Returns how many changed.';

revoke all on function public.claim_jobs(text, integer, text[]) from public, anon, authenticated, service_role;
revoke all on function public.requeue_stale_jobs(interval) from public, anon, authenticated, service_role;
grant execute on function public.claim_jobs(text, integer, text[]) to service_role;
grant execute on function public.requeue_stale_jobs(interval) to service_role;
