-- Inverse of 20261121001200_billing.sql.

drop table public.subscription_audit;
drop table public.subscriptions;
drop table public.billing_customers;
drop table public.stripe_events;
