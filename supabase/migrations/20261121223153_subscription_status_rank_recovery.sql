-- Same-second tie-break, revised: a live subscription moves back and forth
-- between active, past_due, unpaid and paused (a failed renewal, then a
-- successful retry), so those statuses share one rank and, within one second,
-- the later delivery wins. Only the start of the lifecycle (incomplete, then
-- trialing) and its end (canceled, incomplete_expired) stay ordered: a
-- `created` (incomplete) that arrives after the `updated` (active) of the same
-- second is still recognised as older.
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
    when 'past_due' then 2
    when 'unpaid' then 2
    when 'paused' then 2
    when 'canceled' then 5
    when 'incomplete_expired' then 5
  end
$$;
