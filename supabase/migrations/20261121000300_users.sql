-- Profiles: one public.users row per auth.users row, created by trigger when
-- someone signs up, kept in sync when their email changes, and deleted with
-- the auth user (cascading to everything they own). Users read and edit their
-- own name and avatar; billing and usage columns are written only by the
-- service role and by this schema's own functions.

create type public.subscription_status as enum (
  'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'
);
comment on type public.subscription_status is 'Stripe subscription statuses, as Stripe names them.';

create table public.users (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  name text,
  avatar_url text,
  subscription_tier public.subscription_tier not null default 'free',
  subscription_status public.subscription_status,
  monthly_usage integer not null default 0,
  usage_reset_at timestamptz not null
    default ((date_trunc('month', now() at time zone 'UTC') + interval '1 month') at time zone 'UTC'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_name_length check (char_length(name) <= 100 and btrim(name) <> ''),
  constraint users_avatar_url_format check (avatar_url ~ '^https?://' and char_length(avatar_url) <= 2048),
  constraint users_monthly_usage_range check (monthly_usage >= 0)
);
comment on table public.users is
  'Profile for each auth.users row (created by private.handle_new_user). Users may update only name and avatar_url; the rest is written by the service role and this schema''s functions.';
comment on column public.users.email is
  'Copy of auth.users.email, kept in sync by trigger; null for phone-only or anonymous users.';
comment on column public.users.avatar_url is 'http(s) URL only, so it is safe in an <img src>.';
comment on column public.users.subscription_tier is
  'Current plan, set by public.apply_stripe_subscription_event; selects the row of public.plan_limits that applies.';
comment on column public.users.subscription_status is
  'Status of the Stripe subscription behind subscription_tier; null when the user never subscribed.';
comment on column public.users.monthly_usage is
  'Jobs created this usage period in projects this user owns; counted by the jobs insert trigger.';
comment on column public.users.usage_reset_at is
  'When monthly_usage next starts again from zero: the first instant of the next calendar month, UTC.';

create trigger users_set_updated_at
  before update on public.users
  for each row execute function private.set_updated_at();

-- Sign-up: copy the email and the profile fields GoTrue keeps in raw_user_meta_data.
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_name text := nullif(btrim(coalesce(
    new.raw_user_meta_data ->> 'name',
    new.raw_user_meta_data ->> 'full_name'
  )), '');
  v_avatar_url text := new.raw_user_meta_data ->> 'avatar_url';
begin
  insert into public.users (id, email, name, avatar_url)
  values (
    new.id,
    new.email,
    left(v_name, 100),
    case when v_avatar_url ~ '^https?://' and char_length(v_avatar_url) <= 2048 then v_avatar_url end
  );
  return new;
end
$$;
comment on function private.handle_new_user() is
  'AFTER INSERT on auth.users: creates the public.users profile from the email and raw_user_meta_data (name or full_name, avatar_url).';
revoke all on function private.handle_new_user() from public;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function private.handle_new_user();

create function private.sync_user_email()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.users set email = new.email where id = new.id;
  return null;
end
$$;
comment on function private.sync_user_email() is
  'AFTER UPDATE OF email on auth.users: copies the confirmed new email to public.users.';
revoke all on function private.sync_user_email() from public;

create trigger on_auth_user_email_changed
  after update of email on auth.users
  for each row
  when (old.email is distinct from new.email)
  execute function private.sync_user_email();

-- Auth users that existed before this migration (a hosted project adopting the schema).
insert into public.users (id, email, name)
select
  u.id,
  u.email,
  left(nullif(btrim(coalesce(u.raw_user_meta_data ->> 'name', u.raw_user_meta_data ->> 'full_name')), ''), 100)
from auth.users u
on conflict (id) do nothing;

alter table public.users enable row level security;
revoke all on table public.users from anon, authenticated;
grant select on table public.users to authenticated;
grant update (name, avatar_url) on table public.users to authenticated;

create policy "users: read own profile"
  on public.users for select to authenticated
  using (id = (select auth.uid()));

create policy "users: edit own profile"
  on public.users for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
