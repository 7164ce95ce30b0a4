-- The files of deleted projects. A project's job outputs live in the `assets`
-- bucket under <project_id>/, and Storage objects can only be removed through
-- the Storage API (hosted Supabase refuses a DELETE on storage.objects), so
-- SQL cannot take them along when the project row goes. Instead every deleted
-- project (deleted forever from the trash, purged after 30 days, or gone with
-- its owner's account) leaves a sweep here, in the same transaction; the job
-- worker claims sweeps, removes the files through the Storage API and then
-- finishes the sweep (lib/projects/cleanup.ts).

create table private.project_file_sweeps (
  project_id uuid primary key,
  requested_at timestamptz not null default now(),
  run_after timestamptz not null default now(),
  attempts integer not null default 0,
  last_error text
);
comment on table private.project_file_sweeps is
  'Deleted projects whose files in the assets bucket (<project_id>/...) are still to be removed by the worker. No foreign key: the project is gone.';
comment on column private.project_file_sweeps.run_after is
  'Not claimed before this time: a claim leases the sweep for a while, a failure backs off.';
revoke all on table private.project_file_sweeps from public, anon, authenticated;
grant select, update, delete on table private.project_file_sweeps to service_role;

create function private.queue_project_file_sweep()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.project_file_sweeps (project_id) values (old.id)
  on conflict (project_id) do nothing;
  return null;
end
$$;
comment on function private.queue_project_file_sweep() is
  'AFTER DELETE trigger on projects: queues the removal of the project''s files from the assets bucket.';
revoke all on function private.queue_project_file_sweep() from public;

create trigger projects_queue_file_sweep
  after delete on public.projects
  for each row execute function private.queue_project_file_sweep();

create function public.claim_project_file_sweeps(
  p_limit integer default 10,
  p_lease interval default interval '5 minutes'
)
returns table (project_id uuid, paths text[])
language sql
volatile
security invoker
set search_path = ''
as $$
  with due as (
    select s.project_id
    from private.project_file_sweeps s
    where s.run_after <= now()
    order by s.run_after
    limit greatest(p_limit, 0)
    for update skip locked
  ),
  leased as (
    update private.project_file_sweeps s set run_after = now() + p_lease, attempts = s.attempts + 1
    from due
    where s.project_id = due.project_id
    returning s.project_id
  )
  select l.project_id,
         array(
           select o.name from storage.objects o
           where o.bucket_id = 'assets' and o.name like l.project_id::text || '/%'
           order by o.name
         )
  from leased l
$$;
comment on function public.claim_project_file_sweeps(integer, interval) is
  'Service role: leases up to p_limit due sweeps (concurrent workers never get the same one) and returns each deleted project''s object names in the assets bucket.';

create function public.finish_project_file_sweep(p_project_id uuid, p_error text default null)
returns void
language sql
volatile
security invoker
set search_path = ''
as $$
  delete from private.project_file_sweeps s
  where s.project_id = p_project_id and p_error is null;
  -- A failed sweep is retried after 2, 4, 8 ... minutes, at most an hour apart.
  update private.project_file_sweeps s set
    last_error = left(p_error, 2000),
    run_after = now() + least(interval '1 hour', interval '1 minute' * power(2, s.attempts))
  where s.project_id = p_project_id and p_error is not null;
$$;
comment on function public.finish_project_file_sweep(uuid, text) is
  'Service role: marks a claimed sweep done (p_error null: the row goes) or failed (kept, retried with backoff).';

revoke all on function public.claim_project_file_sweeps(integer, interval) from public, anon, authenticated, service_role;
revoke all on function public.finish_project_file_sweep(uuid, text) from public, anon, authenticated, service_role;
grant execute on function public.claim_project_file_sweeps(integer, interval) to service_role;
grant execute on function public.finish_project_file_sweep(uuid, text) to service_role;
