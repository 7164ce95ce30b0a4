-- Plans and their limits, defined once. The database enforces them (project
-- creation, job quota) and the app reads them from this table, so the UI and
-- the database cannot disagree. A null limit means unlimited.

create type public.subscription_tier as enum ('free', 'pro', 'studio', 'enterprise');
comment on type public.subscription_tier is 'Plans, cheapest first. Free needs no Stripe subscription.';

create table public.plan_limits (
  tier public.subscription_tier primary key,
  max_projects integer,
  max_jobs_per_month integer,
  max_storage_bytes bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint plan_limits_max_projects_range check (max_projects >= 0),
  constraint plan_limits_max_jobs_per_month_range check (max_jobs_per_month >= 0),
  constraint plan_limits_max_storage_bytes_range check (max_storage_bytes >= 0)
);
comment on table public.plan_limits is
  'One row per plan: the limits the database enforces. Readable by signed-in users; changed only by migrations or the service role.';
comment on column public.plan_limits.max_projects is
  'Active (not soft-deleted) projects a user may own on this plan; null = unlimited. Enforced when a project is created, restored or transferred.';
comment on column public.plan_limits.max_jobs_per_month is
  'Jobs that may be created per calendar month (UTC) in the projects a user owns; null = unlimited. Enforced when a job is created.';
comment on column public.plan_limits.max_storage_bytes is
  'Storage for job outputs per owner; null = unlimited. Informational for now: the worker checks it before uploading.';

insert into public.plan_limits (tier, max_projects, max_jobs_per_month, max_storage_bytes) values
  ('free', 3, 50, 1073741824),              -- 1 GiB
  ('pro', 50, 2000, 53687091200),           -- 50 GiB
  ('studio', 500, 20000, 536870912000),     -- 500 GiB
  ('enterprise', null, null, null);

create trigger plan_limits_set_updated_at
  before update on public.plan_limits
  for each row execute function private.set_updated_at();

alter table public.plan_limits enable row level security;
revoke all on table public.plan_limits from anon, authenticated;
grant select on table public.plan_limits to authenticated;

create policy "plan_limits: signed-in users read"
  on public.plan_limits for select to authenticated
  using (true);
