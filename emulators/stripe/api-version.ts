// The one Stripe API version the emulator renders: the version the installed
// `stripe` SDK pins (`Stripe.API_VERSION`), so requests from the SDK and the
// events the app receives have the shapes the SDK's types describe. In this
// version (post-2025 "basil"), billing periods live on subscription items
// (`items.data[].current_period_start/end`), not on the subscription, and an
// invoice names its subscription under `parent.subscription_details`.
import Stripe from "stripe";

export const STRIPE_API_VERSION: string = Stripe.API_VERSION;
