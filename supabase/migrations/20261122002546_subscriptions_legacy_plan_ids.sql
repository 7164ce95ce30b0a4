-- A subscription on a price made with Stripe's legacy Plans API carries that
-- plan's id as its price id, and plan ids could be chosen by hand
-- ("gold-monthly"), so they need not start with price_. Refusing them made the
-- webhook answer 400 for real Stripe events, which Stripe retries for days.
-- Any id Stripe could send is now stored: 1 to 255 characters, no control
-- characters (the webhook's zod schema checks the same).

alter table public.subscriptions drop constraint subscriptions_stripe_price_id_format;
alter table public.subscriptions add constraint subscriptions_stripe_price_id_format
  check (char_length(stripe_price_id) between 1 and 255 and stripe_price_id !~ '[[:cntrl:]]');
