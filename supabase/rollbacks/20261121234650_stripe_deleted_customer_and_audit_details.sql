-- Restores the function of 20261121001300_apply_stripe_subscription_event.

create or replace function public.apply_stripe_subscription_event(
  p_event_id text,
  p_event_type text,
  p_event_created timestamptz,
  p_stripe_customer_id text default null,
  p_user_id uuid default null,
  p_stripe_subscription_id text default null,
  p_status public.subscription_status default null,
  p_tier public.subscription_tier default null,
  p_stripe_price_id text default null,
  p_current_period_start timestamptz default null,
  p_current_period_end timestamptz default null,
  p_cancel_at_period_end boolean default false,
  p_cancel_at timestamptz default null,
  p_canceled_at timestamptz default null,
  p_trial_end timestamptz default null
)
returns text
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_user_id uuid := p_user_id;
  v_old_tier public.subscription_tier;
  v_old_status public.subscription_status;
  v_new_tier public.subscription_tier;
  v_current public.subscriptions;
  v_has_current boolean;
  v_ended constant public.subscription_status[] := '{canceled,incomplete_expired}';
  v_is_stale boolean := false;
  v_action text;
  v_outcome text;
begin
  if p_event_id is null or p_event_type is null or p_event_created is null then
    raise exception using errcode = '22023',
      message = 'invalid_event: p_event_id, p_event_type and p_event_created are required';
  end if;
  if p_stripe_subscription_id is not null
     and (p_stripe_customer_id is null or p_status is null or p_tier is null) then
    raise exception using errcode = '22023',
      message = 'invalid_event: a subscription snapshot needs p_stripe_customer_id, p_status and p_tier';
  end if;

  -- 1. Once per event id. A concurrent delivery of the same event waits here
  --    for the first one's transaction, then finds the row and stops.
  insert into public.stripe_events (id, type, created)
  values (p_event_id, p_event_type, p_event_created)
  on conflict (id) do nothing;
  if not found then
    return 'duplicate';
  end if;

  -- 2. Whose event: the user id the app put on the session or subscription
  --    metadata, else the customer's or the subscription's known owner.
  if v_user_id is null and p_stripe_customer_id is not null then
    select c.user_id into v_user_id
    from public.billing_customers c where c.stripe_customer_id = p_stripe_customer_id;
  end if;
  if v_user_id is null and p_stripe_subscription_id is not null then
    select s.user_id into v_user_id
    from public.subscriptions s where s.stripe_subscription_id = p_stripe_subscription_id;
  end if;
  if v_user_id is not null then
    -- Events of one user apply one at a time, in whatever order they arrive.
    select u.subscription_tier, u.subscription_status into v_old_tier, v_old_status
    from public.users u where u.id = v_user_id
    for update;
    if not found then
      v_user_id := null;
    end if;
  end if;

  if v_user_id is null then
    v_outcome := 'unmatched';
  else
    -- 3. The customer link.
    if p_event_type = 'customer.deleted' then
      delete from public.billing_customers c
      where c.user_id = v_user_id and c.stripe_customer_id = p_stripe_customer_id;
      if found then
        insert into public.subscription_audit (user_id, stripe_event_id, action, details)
        values (v_user_id, p_event_id, 'customer_deleted',
                jsonb_build_object('event_type', p_event_type, 'customer', p_stripe_customer_id));
      end if;
    elsif p_stripe_customer_id is not null then
      insert into public.billing_customers (user_id, stripe_customer_id)
      values (v_user_id, p_stripe_customer_id)
      on conflict (user_id) do nothing;
      if found then
        insert into public.subscription_audit (user_id, stripe_event_id, action, details)
        values (v_user_id, p_event_id, 'customer_linked',
                jsonb_build_object('event_type', p_event_type, 'customer', p_stripe_customer_id));
      end if;
    end if;

    if p_stripe_subscription_id is null then
      v_outcome := 'recorded';
    else
      -- 4. Order: compare with the stored snapshot.
      select * into v_current from public.subscriptions s where s.user_id = v_user_id for update;
      v_has_current := found;
      if v_has_current and v_current.stripe_subscription_id = p_stripe_subscription_id then
        -- Same subscription: newer Stripe `created` wins; in the same second,
        -- the later lifecycle stage, then the later period end. An ended
        -- subscription never comes back.
        v_is_stale :=
          (v_current.status = any (v_ended) and not p_status = any (v_ended))
          or (p_event_created, private.subscription_status_rank(p_status), coalesce(p_current_period_end, '-infinity'))
             < (v_current.stripe_event_created_at, private.subscription_status_rank(v_current.status),
                coalesce(v_current.current_period_end, '-infinity'));
      elsif v_has_current then
        -- Another subscription than the stored one: an ended one changes
        -- nothing (the user has moved on); a live one replaces the stored one
        -- unless that is live and newer.
        v_is_stale :=
          p_status = any (v_ended)
          or (not v_current.status = any (v_ended) and p_event_created < v_current.stripe_event_created_at);
      end if;

      if v_is_stale then
        v_outcome := 'stale';
      else
        -- 5. Apply.
        insert into public.subscriptions as s (
          user_id, stripe_subscription_id, stripe_customer_id, stripe_price_id, tier, status,
          current_period_start, current_period_end, cancel_at_period_end, cancel_at, canceled_at,
          trial_end, stripe_event_created_at, last_stripe_event_id
        ) values (
          v_user_id, p_stripe_subscription_id, p_stripe_customer_id, p_stripe_price_id, p_tier, p_status,
          p_current_period_start, p_current_period_end, coalesce(p_cancel_at_period_end, false), p_cancel_at,
          p_canceled_at, p_trial_end, p_event_created, p_event_id
        )
        on conflict (user_id) do update set
          stripe_subscription_id = excluded.stripe_subscription_id,
          stripe_customer_id = excluded.stripe_customer_id,
          stripe_price_id = excluded.stripe_price_id,
          tier = excluded.tier,
          status = excluded.status,
          current_period_start = excluded.current_period_start,
          current_period_end = excluded.current_period_end,
          cancel_at_period_end = excluded.cancel_at_period_end,
          cancel_at = excluded.cancel_at,
          canceled_at = excluded.canceled_at,
          trial_end = excluded.trial_end,
          stripe_event_created_at = excluded.stripe_event_created_at,
          last_stripe_event_id = excluded.last_stripe_event_id;

        -- The plan in force: the subscribed tier while it is paid for (or in
        -- its trial, or in the grace of a failed payment), else free.
        v_new_tier := case when p_status in ('active', 'trialing', 'past_due') then p_tier else 'free' end;
        update public.users u
        set subscription_tier = v_new_tier, subscription_status = p_status
        where u.id = v_user_id
          and (u.subscription_tier, u.subscription_status) is distinct from (v_new_tier, p_status);

        v_action := case
          when not v_has_current or v_current.stripe_subscription_id <> p_stripe_subscription_id
            then 'subscription_created'
          when p_status = any (v_ended) and not v_current.status = any (v_ended) then 'subscription_canceled'
          when v_current.tier <> p_tier then 'plan_changed'
          when v_current.status <> p_status then 'status_changed'
          else 'subscription_updated'
        end;
        insert into public.subscription_audit (user_id, stripe_event_id, action, details)
        values (v_user_id, p_event_id, v_action, jsonb_build_object(
          'event_type', p_event_type,
          'subscription', p_stripe_subscription_id,
          'from', jsonb_build_object('tier', v_old_tier, 'status', v_old_status),
          'to', jsonb_build_object('tier', v_new_tier, 'status', p_status),
          'cancel_at_period_end', coalesce(p_cancel_at_period_end, false),
          'current_period_end', p_current_period_end
        ));
        v_outcome := 'applied';
      end if;
    end if;
  end if;

  update public.stripe_events e
  set processed_at = now(), outcome = v_outcome
  where e.id = p_event_id;
  return v_outcome;
end
$$;
