-- Billing state mirrored from Stripe. Written only by the service role (the
-- webhook route and the backfill, through public.apply_stripe_subscription_event);
-- users read their own subscription and audit trail.

create table public.stripe_events (
  id text primary key,
  type text not null,
  created timestamptz not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  outcome text,
  constraint stripe_events_id_length check (char_length(id) between 1 and 255),
  constraint stripe_events_type_format check (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  constraint stripe_events_outcome_values check (outcome in ('applied', 'stale', 'recorded', 'unmatched')),
  constraint stripe_events_processed_consistency check ((processed_at is null) = (outcome is null))
);
comment on table public.stripe_events is
  'Every Stripe event applied once: the primary key deduplicates deliveries. Service role only.';
comment on column public.stripe_events.id is 'Stripe event id (evt_...).';
comment on column public.stripe_events.created is 'The event''s Stripe `created` time: orders snapshots of one subscription.';
comment on column public.stripe_events.outcome is
  'applied: changed the subscription; stale: older than the stored snapshot, kept for the record only; recorded: nothing to apply (no subscription in it); unmatched: no user found for its customer.';

create table public.billing_customers (
  user_id uuid primary key references public.users (id) on delete cascade,
  stripe_customer_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint billing_customers_stripe_customer_id_key unique (stripe_customer_id),
  constraint billing_customers_stripe_customer_id_format check (stripe_customer_id ~ '^cus_[A-Za-z0-9_]+$')
);
comment on table public.billing_customers is
  'One Stripe customer per user and one user per customer. Insert with ON CONFLICT (user_id) DO NOTHING so two racing checkouts share one customer. Service role only.';

create table public.subscriptions (
  user_id uuid primary key references public.users (id) on delete cascade,
  stripe_subscription_id text not null,
  stripe_customer_id text not null,
  stripe_price_id text,
  tier public.subscription_tier not null,
  status public.subscription_status not null,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  cancel_at timestamptz,
  canceled_at timestamptz,
  trial_end timestamptz,
  stripe_event_created_at timestamptz not null,
  last_stripe_event_id text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint subscriptions_stripe_subscription_id_key unique (stripe_subscription_id),
  constraint subscriptions_stripe_subscription_id_format check (stripe_subscription_id ~ '^sub_[A-Za-z0-9_]+$'),
  constraint subscriptions_stripe_customer_id_format check (stripe_customer_id ~ '^cus_[A-Za-z0-9_]+$'),
  constraint subscriptions_stripe_price_id_format check (stripe_price_id ~ '^price_[A-Za-z0-9_]+$'),
  constraint subscriptions_period_order check (current_period_end >= current_period_start)
);
comment on table public.subscriptions is
  'The user''s current Stripe subscription (one per user), as of the newest Stripe event applied. Users read their own; the service role writes.';
comment on column public.subscriptions.tier is 'Plan of the subscribed price. The user''s effective plan is users.subscription_tier (free once the subscription ends).';
comment on column public.subscriptions.current_period_start is 'From the subscription item (where current Stripe API versions put the period).';
comment on column public.subscriptions.cancel_at_period_end is 'Canceled by the customer; stays active until current_period_end.';
comment on column public.subscriptions.stripe_event_created_at is
  'Stripe `created` time of the newest event applied: an event older than this never overwrites the row.';
comment on column public.subscriptions.last_stripe_event_id is 'The event that produced this snapshot.';

create index subscriptions_stripe_customer_id_idx on public.subscriptions (stripe_customer_id);

create table public.subscription_audit (
  id bigint generated always as identity primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  stripe_event_id text references public.stripe_events (id) on delete set null,
  action text not null,
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  constraint subscription_audit_action_values check (action in (
    'subscription_created', 'subscription_updated', 'plan_changed', 'status_changed',
    'subscription_canceled', 'customer_linked', 'customer_deleted'
  )),
  constraint subscription_audit_details_object check (jsonb_typeof(details) = 'object')
);
comment on table public.subscription_audit is
  'Every billing change to a user, with the Stripe event that caused it. Users read their own; the service role writes.';
comment on column public.subscription_audit.details is
  'What changed: event type, tier and status before and after, cancel_at_period_end, current_period_end.';

create index subscription_audit_user_id_created_at_idx on public.subscription_audit (user_id, created_at desc);
create index subscription_audit_stripe_event_id_idx on public.subscription_audit (stripe_event_id);

create trigger billing_customers_set_updated_at
  before update on public.billing_customers
  for each row execute function private.set_updated_at();
create trigger subscriptions_set_updated_at
  before update on public.subscriptions
  for each row execute function private.set_updated_at();

alter table public.stripe_events enable row level security;
alter table public.billing_customers enable row level security;
alter table public.subscriptions enable row level security;
alter table public.subscription_audit enable row level security;
revoke all on table public.stripe_events, public.billing_customers, public.subscriptions, public.subscription_audit
  from anon, authenticated;
revoke all on sequence public.subscription_audit_id_seq from anon, authenticated;
grant select on table public.subscriptions, public.subscription_audit to authenticated;

-- The service role bypasses RLS; these two policies state that it is the only
-- reader and writer (and keep "RLS enabled without a policy" from looking like an oversight).
create policy "stripe_events: service role only"
  on public.stripe_events for all to service_role
  using (true) with check (true);
create policy "billing_customers: service role only"
  on public.billing_customers for all to service_role
  using (true) with check (true);

create policy "subscriptions: read own"
  on public.subscriptions for select to authenticated
  using (user_id = (select auth.uid()));
create policy "subscription_audit: read own"
  on public.subscription_audit for select to authenticated
  using (user_id = (select auth.uid()));
