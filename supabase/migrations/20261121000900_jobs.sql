-- Jobs: asynchronous work in a project. Members (and admins, owners) create
-- them; each creation counts against the project owner's monthly quota
-- (plan_limits.max_jobs_per_month), checked in SQL so a forged request cannot
-- pass; the worker (service role) claims and updates them (next migration).

create type public.job_status as enum ('queued', 'processing', 'completed', 'failed', 'partial');
comment on type public.job_status is
  'queued: waiting (or waiting to retry); processing: claimed by a worker; completed, failed, partial (some outputs): finished.';

create table public.jobs (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references public.projects (id) on delete cascade,
  user_id uuid default auth.uid() references public.users (id) on delete set null,
  job_type text not null,
  status public.job_status not null default 'queued',
  progress smallint not null default 0,
  parameters jsonb not null default '{}',
  result jsonb,
  error_message text,
  attempts integer not null default 0,
  max_attempts integer not null default 3,
  run_after timestamptz not null default now(),
  locked_by text,
  locked_at timestamptz,
  heartbeat_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint jobs_id_project_id_key unique (id, project_id),
  constraint jobs_job_type_format check (job_type ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  constraint jobs_progress_range check (progress between 0 and 100),
  constraint jobs_parameters_object check (jsonb_typeof(parameters) = 'object' and octet_length(parameters::text) <= 65536),
  constraint jobs_result_object check (jsonb_typeof(result) = 'object'),
  constraint jobs_error_message_length check (char_length(error_message) <= 2000),
  constraint jobs_max_attempts_range check (max_attempts between 1 and 25),
  constraint jobs_attempts_range check (attempts between 0 and max_attempts)
);
comment on table public.jobs is
  'Asynchronous work in a project. Members create (quota-checked); the worker claims with public.claim_jobs and updates with the service role.';
comment on column public.jobs.user_id is 'Who created the job (from the JWT); null once that user is deleted.';
comment on column public.jobs.job_type is 'Which handler runs it: a lowercase slug such as "report.generate".';
comment on column public.jobs.progress is 'Percent done, 0 to 100, reported by the worker.';
comment on column public.jobs.parameters is 'Handler input (a JSON object, at most 64 KiB), validated by the app before insert.';
comment on column public.jobs.result is 'Handler output summary (a JSON object); the files are rows in public.assets.';
comment on column public.jobs.attempts is 'How many times a worker has claimed the job; no more claims once it reaches max_attempts.';
comment on column public.jobs.run_after is 'Not claimed before this time (retry backoff, scheduling).';
comment on column public.jobs.locked_by is 'Id of the worker process holding the job while processing.';
comment on column public.jobs.heartbeat_at is 'Last sign of life from that worker; stale ones are requeued by public.requeue_stale_jobs.';

create index jobs_project_id_created_at_idx on public.jobs (project_id, created_at desc);
create index jobs_user_id_idx on public.jobs (user_id);
create index jobs_queued_idx on public.jobs (run_after, created_at) where status = 'queued';
create index jobs_processing_heartbeat_idx on public.jobs (heartbeat_at) where status = 'processing';

create trigger jobs_set_updated_at
  before update on public.jobs
  for each row execute function private.set_updated_at();

-- Monthly quota ---------------------------------------------------------------

create function private.enforce_job_quota()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_owner_id uuid;
  v_tier public.subscription_tier;
  v_used integer;
  v_limit integer;
begin
  select p.owner_id into v_owner_id from public.projects p where p.id = new.project_id;
  -- Counting takes the owner's row lock, so concurrent creations queue here.
  update public.users u set
    monthly_usage = case when u.usage_reset_at <= now() then 1 else u.monthly_usage + 1 end,
    usage_reset_at = case
      when u.usage_reset_at <= now()
        then (date_trunc('month', now() at time zone 'UTC') + interval '1 month') at time zone 'UTC'
      else u.usage_reset_at
    end
  where u.id = v_owner_id
  returning u.monthly_usage, u.subscription_tier into v_used, v_tier;

  select l.max_jobs_per_month into v_limit from public.plan_limits l where l.tier = v_tier;
  if v_limit is not null and v_used > v_limit then
    raise exception using
      errcode = 'P0001',
      message = format('job_quota_exceeded: the %s plan allows %s jobs a month', v_tier, v_limit),
      detail = jsonb_build_object('tier', v_tier, 'limit', v_limit)::text,
      hint = 'Upgrade the plan, or wait for the quota to reset on the first of the month (UTC).';
  end if;
  return null;
end
$$;
comment on function private.enforce_job_quota() is
  'AFTER INSERT on jobs: counts the job in the project owner''s users.monthly_usage (resetting it each calendar month, UTC) and raises P0001 "job_quota_exceeded: ..." over the plan''s max_jobs_per_month.';
revoke all on function private.enforce_job_quota() from public;

create trigger jobs_enforce_quota
  after insert on public.jobs
  for each row execute function private.enforce_job_quota();

alter table public.jobs enable row level security;
revoke all on table public.jobs from anon, authenticated;
grant select on table public.jobs to authenticated;
grant insert (project_id, job_type, parameters) on table public.jobs to authenticated;

create policy "jobs: members read"
  on public.jobs for select to authenticated
  using (project_id = any ((select private.readable_project_ids())::uuid[]));

create policy "jobs: members, admins and owners create"
  on public.jobs for insert to authenticated
  with check (
    project_id = any ((select private.project_ids_with_role('{owner,admin,member}'))::uuid[])
    and user_id = (select auth.uid())
  );
