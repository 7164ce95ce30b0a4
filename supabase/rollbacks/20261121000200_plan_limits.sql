-- Inverse of 20261121000200_plan_limits.sql.

drop table public.plan_limits;
drop type public.subscription_tier;
