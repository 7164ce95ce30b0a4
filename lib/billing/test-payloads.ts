// Stripe objects with every field real Stripe puts in a webhook payload, in the
// shape of the endpoint's API version, for the webhook contract tests. Field
// names and nesting follow Stripe's API reference and its OpenAPI fixtures
// (stripe/openapi fixtures3.json); the values are ours.
//   before 2025-03-31 (2024-06-20, 2025-01-27.acacia): the billing period is on
//     the subscription, an invoice and its lines name `subscription` directly;
//   from 2025-03-31.basil: the period is on each item, an invoice names its
//     subscription under `parent.subscription_details`, a line under
//     `parent.subscription_item_details`.
import Stripe from "stripe";
import { stripeId, T0 } from "./test-support";

export const API_VERSIONS = ["2024-06-20", "2025-01-27.acacia", "2025-03-31.basil", Stripe.API_VERSION] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
const legacy = (version: ApiVersion) => version === "2024-06-20" || version === "2025-01-27.acacia";
const DAY = 86_400;

export interface PriceFields {
  id?: string;
  lookupKey?: string | null;
  product?: string;
  amount?: number;
  interval?: "month" | "year";
}

export function price(f: PriceFields = {}) {
  const interval = f.interval ?? "month";
  return {
    id: f.id ?? stripeId("price"),
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: T0 - 90 * DAY,
    currency: "usd",
    custom_unit_amount: null,
    livemode: false,
    lookup_key: f.lookupKey === undefined ? "pro_monthly" : f.lookupKey,
    metadata: {},
    nickname: null,
    product: f.product ?? "prod_local_pro",
    recurring: { interval, interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: f.amount ?? 1900,
    unit_amount_decimal: String(f.amount ?? 1900),
  };
}

export interface SubscriptionFields {
  id: string;
  customer: string;
  userId?: string;
  status?: Stripe.Subscription.Status;
  price?: ReturnType<typeof price>;
  start?: number;
  end?: number;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  canceledAt?: number | null;
  trialEnd?: number | null;
  pendingUpdate?: Record<string, unknown> | null;
}

export function subscription(version: ApiVersion, f: SubscriptionFields) {
  const start = f.start ?? T0;
  const end = f.end ?? start + 30 * DAY;
  const p = f.price ?? price();
  const period = { current_period_start: start, current_period_end: end };
  const plan = {
    id: p.id, object: "plan", active: true, amount: p.unit_amount, amount_decimal: p.unit_amount_decimal, billing_scheme: "per_unit",
    created: p.created, currency: "usd", interval: p.recurring.interval, interval_count: 1, livemode: false, metadata: {},
    meter: null, nickname: null, product: p.product, tiers_mode: null, transform_usage: null, trial_period_days: null, usage_type: "licensed",
  };
  const item = {
    id: stripeId("si"), object: "subscription_item", billing_thresholds: null, created: start, discounts: [], metadata: {},
    plan, price: p, quantity: 1, subscription: f.id, tax_rates: [],
    ...(legacy(version) ? {} : period),
  };
  return {
    id: f.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: start,
    billing_cycle_anchor_config: null,
    ...(version === Stripe.API_VERSION ? { billing_mode: { flexible: null, type: "classic" } } : {}),
    billing_thresholds: null,
    cancel_at: f.cancelAt !== undefined ? f.cancelAt : f.cancelAtPeriodEnd ? end : null,
    cancel_at_period_end: f.cancelAtPeriodEnd ?? false,
    canceled_at: f.canceledAt ?? null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: start,
    currency: "usd",
    ...(legacy(version) ? period : {}),
    customer: f.customer,
    days_until_due: null,
    default_payment_method: "pm_1QbExampleCard",
    default_source: null,
    default_tax_rates: [],
    description: null,
    ...(legacy(version) ? { discount: null } : {}),
    discounts: [],
    ended_at: f.status === "canceled" ? (f.canceledAt ?? end) : null,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: { object: "list", data: [item], has_more: false, total_count: 1, url: `/v1/subscription_items?subscription=${f.id}` },
    latest_invoice: stripeId("in"),
    livemode: false,
    metadata: f.userId ? { user_id: f.userId } : {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: f.pendingUpdate ?? null,
    ...(legacy(version) ? { plan, quantity: 1 } : {}),
    schedule: null,
    start_date: start,
    status: f.status ?? "active",
    test_clock: null,
    transfer_data: null,
    trial_end: f.trialEnd ?? null,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
}

export function invoice(version: ApiVersion, f: { customer: string; subscription: string; userId?: string; paid?: boolean; lines?: number }) {
  const id = stripeId("in");
  const paid = f.paid ?? true;
  const lines = Array.from({ length: f.lines ?? 1 }, () => {
    const line = {
      id: stripeId("il"), object: "line_item", amount: 1900, currency: "usd", description: "1 × Pro (at $19.00 / month)",
      discount_amounts: [], discountable: true, discounts: [], invoice: id, livemode: false, metadata: {},
      period: { end: T0 + 30 * DAY, start: T0 }, quantity: 1,
    };
    return legacy(version)
      ? { ...line, plan: null, price: price(), proration: false, subscription: f.subscription, subscription_item: stripeId("si"), type: "subscription" }
      : {
          ...line,
          parent: {
            type: "subscription_item_details",
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null, proration: false, proration_details: { credited_items: null },
              subscription: f.subscription, subscription_item: stripeId("si"),
            },
          },
          pricing: { price_details: { price: "price_local_pro_monthly", product: "prod_local_pro" }, type: "price_details", unit_amount_decimal: "1900" },
        };
  });
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Launchpad",
    amount_due: 1900,
    amount_paid: paid ? 1900 : 0,
    amount_remaining: paid ? 0 : 1900,
    attempt_count: 1,
    attempted: true,
    billing_reason: "subscription_cycle",
    collection_method: "charge_automatically",
    created: T0,
    currency: "usd",
    customer: f.customer,
    customer_email: "zoë@example.com",
    customer_name: "Zoë Ångström 🚀",
    hosted_invoice_url: "https://invoice.stripe.com/i/acct_1/test_x",
    lines: { object: "list", data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    ...(legacy(version)
      ? { charge: stripeId("ch"), paid, payment_intent: stripeId("pi"), subscription: f.subscription, subscription_details: { metadata: {} } }
      : {
          parent: {
            type: "subscription_details",
            quote_details: null,
            subscription_details: { metadata: f.userId ? { user_id: f.userId } : {}, subscription: f.subscription },
          },
        }),
    period_end: T0,
    period_start: T0 - 30 * DAY,
    status: paid ? "paid" : "open",
    status_transitions: { finalized_at: T0, marked_uncollectible_at: null, paid_at: paid ? T0 : null, voided_at: null },
    subtotal: 1900,
    total: 1900,
  };
}

export function checkoutSession(f: { customer: string; subscription: string | null; clientReferenceId: string | null; userId?: string }) {
  const id = stripeId("cs_test");
  return {
    id,
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: 1900,
    amount_total: 1900,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: "http://localhost:3000/billing?checkout=cancelled",
    client_reference_id: f.clientReferenceId,
    created: T0,
    currency: "usd",
    customer: f.customer,
    customer_creation: null,
    customer_details: { address: null, email: "zoë@example.com", name: "Zoë Ångström", phone: null, tax_exempt: "none", tax_ids: [] },
    customer_email: null,
    expires_at: T0 + DAY,
    invoice: stripeId("in"),
    livemode: false,
    metadata: f.userId ? { user_id: f.userId } : {},
    mode: "subscription",
    payment_intent: null,
    payment_link: null,
    payment_method_types: ["card"],
    payment_status: "paid",
    status: "complete",
    subscription: f.subscription,
    success_url: "http://localhost:3000/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}",
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: null,
  };
}

export function event(
  version: ApiVersion,
  type: string,
  object: object,
  options: { created?: number; previousAttributes?: Record<string, unknown>; id?: string } = {},
) {
  return {
    id: options.id ?? stripeId("evt"),
    object: "event",
    api_version: version,
    created: options.created ?? T0,
    data: { object, ...(options.previousAttributes ? { previous_attributes: options.previousAttributes } : {}) },
    livemode: false,
    pending_webhooks: 2,
    request: { id: `req_${stripeId("x").slice(2)}`, idempotency_key: stripeId("idem") },
    type,
  };
}
