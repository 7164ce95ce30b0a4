-- Restores the strictly increasing ranks of 20261121001300_apply_stripe_subscription_event.
create or replace function private.subscription_status_rank(p_status public.subscription_status)
returns integer
language sql
immutable
set search_path = ''
as $$
  select case p_status
    when 'incomplete' then 0
    when 'trialing' then 1
    when 'active' then 2
    when 'past_due' then 3
    when 'unpaid' then 4
    when 'paused' then 4
    when 'canceled' then 5
    when 'incomplete_expired' then 5
  end
$$;
