-- Inverse of 20261121001300_apply_stripe_subscription_event.sql.

drop function public.apply_stripe_subscription_event(
  text, text, timestamptz, text, uuid, text, public.subscription_status, public.subscription_tier, text,
  timestamptz, timestamptz, boolean, timestamptz, timestamptz, timestamptz
);
drop function private.subscription_status_rank(public.subscription_status);
