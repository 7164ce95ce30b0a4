// Shared by the billing integration tests and the webhook benchmark: Stripe
// events shaped as the pinned API version sends them, signed exactly as Stripe
// signs deliveries, and a look at what the database holds for a user.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import Stripe from "stripe";

export const TEST_WEBHOOK_SECRET = "whsec_billing_tests_0123456789abcdef";
const signer = new Stripe("sk_test_signer_only");

export function stripeId(prefix: string): string {
  return `${prefix}_1${randomBytes(12).toString("hex")}`;
}

export const T0 = Math.floor(Date.UTC(2026, 10, 21, 12, 0, 0) / 1000);
const DAY = 86_400;

export interface SubscriptionFields {
  id: string;
  customer: string;
  userId?: string;
  status?: Stripe.Subscription.Status;
  lookupKey?: string;
  priceId?: string;
  periodStart?: number;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  canceledAt?: number | null;
}

/** A subscription as the API renders it: the period on its item, the price with its lookup_key. */
export function subscriptionObject(f: SubscriptionFields): Record<string, unknown> {
  const lookupKey = f.lookupKey ?? "pro_monthly";
  const start = f.periodStart ?? T0;
  const end = f.periodEnd ?? start + 30 * DAY;
  return {
    id: f.id,
    object: "subscription",
    billing_cycle_anchor: start,
    cancel_at: f.cancelAt ?? (f.cancelAtPeriodEnd ? end : null),
    cancel_at_period_end: f.cancelAtPeriodEnd ?? false,
    canceled_at: f.canceledAt ?? null,
    created: start,
    currency: "usd",
    customer: f.customer,
    ended_at: null,
    items: {
      object: "list",
      data: [
        {
          id: stripeId("si"),
          object: "subscription_item",
          created: start,
          current_period_start: start,
          current_period_end: end,
          price: {
            id: f.priceId ?? `price_local_${lookupKey}`,
            object: "price",
            active: true,
            currency: "usd",
            lookup_key: lookupKey,
            metadata: {},
            recurring: { interval: lookupKey.endsWith("yearly") ? "year" : "month", interval_count: 1 },
            type: "recurring",
            unit_amount: 1900,
          },
          quantity: 1,
          subscription: f.id,
        },
      ],
      has_more: false,
    },
    livemode: false,
    metadata: f.userId ? { user_id: f.userId } : {},
    start_date: start,
    status: f.status ?? "active",
    trial_end: null,
  };
}

export function stripeEvent(type: string, object: Record<string, unknown>, options: { id?: string; created?: number } = {}) {
  return {
    id: options.id ?? stripeId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created: options.created ?? T0,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** A POST as Stripe delivers it: the raw JSON body and its Stripe-Signature header. */
export function signedRequest(
  payload: string | object,
  options: { secret?: string; timestamp?: number; url?: string; signature?: string | null } = {},
): Request {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload, null, 2);
  const signature =
    options.signature === undefined
      ? signer.webhooks.generateTestHeaderString({
          payload: body,
          secret: options.secret ?? TEST_WEBHOOK_SECRET,
          ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
        })
      : options.signature;
  const headers = new Headers({ "content-type": "application/json; charset=utf-8" });
  if (signature !== null) headers.set("stripe-signature", signature);
  return new Request(options.url ?? "http://127.0.0.1/api/webhooks/stripe", { method: "POST", headers, body });
}

export interface BillingState {
  tier: string;
  status: string | null;
  subscription: { id: string; status: string; tier: string; periodEnd: string | null; cancelAtPeriodEnd: boolean; lastEvent: string } | null;
  customer: string | null;
  audit: { action: string; event: string | null }[];
}

/** Everything billing keeps for a user, read as the superuser. */
export async function billingState(db: pg.Pool, userId: string): Promise<BillingState> {
  const [user, subscription, customer, audit] = await Promise.all([
    db.query("select subscription_tier as tier, subscription_status as status from public.users where id = $1", [userId]),
    db.query(
      `select stripe_subscription_id as id, status, tier, current_period_end as "periodEnd",
              cancel_at_period_end as "cancelAtPeriodEnd", last_stripe_event_id as "lastEvent"
       from public.subscriptions where user_id = $1`,
      [userId],
    ),
    db.query("select stripe_customer_id from public.billing_customers where user_id = $1", [userId]),
    db.query("select action, stripe_event_id as event from public.subscription_audit where user_id = $1 order by id", [userId]),
  ]);
  const row = subscription.rows[0];
  return {
    tier: user.rows[0]?.tier,
    status: user.rows[0]?.status ?? null,
    subscription: row ? { ...row, periodEnd: row.periodEnd ? new Date(row.periodEnd).toISOString() : null } : null,
    customer: customer.rows[0]?.stripe_customer_id ?? null,
    audit: audit.rows,
  };
}

export async function eventRows(db: pg.Pool, eventIds: string[]): Promise<{ id: string; outcome: string | null }[]> {
  const { rows } = await db.query("select id, outcome from public.stripe_events where id = any($1) order by id", [eventIds]);
  return rows;
}
