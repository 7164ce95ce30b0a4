-- Inverse of the migration with the same timestamp. It fails while a stored
-- subscription has a price id that does not start with price_ (a legacy plan):
-- such rows have to be updated or removed first.

alter table public.subscriptions drop constraint subscriptions_stripe_price_id_format;
alter table public.subscriptions add constraint subscriptions_stripe_price_id_format
  check (stripe_price_id ~ '^price_[A-Za-z0-9_]+$');
