// Subscriptions and their items. In the pinned API version the billing
// period lives on each item (`current_period_start/end`), not on the
// subscription; the item carries the full price (and the legacy plan view).
import type Stripe from "stripe";
import { newId } from "../ids.ts";
import { addInterval } from "../periods.ts";
import type { Wire } from "../wire.ts";
import type { PriceObject } from "./product.ts";

export type SubscriptionObject = Wire<Stripe.Subscription>;
export type SubscriptionItemObject = Wire<Stripe.SubscriptionItem>;
export type PlanObject = Wire<Stripe.Plan>;

export function planFromPrice(price: PriceObject): PlanObject {
  const recurring = price.recurring;
  if (!recurring) throw new Error(`price ${price.id} is not recurring`);
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: recurring.usage_type,
  };
}

export function buildSubscriptionItem(
  subscriptionId: string,
  price: PriceObject,
  quantity: number,
  periodStart: number,
  created: number,
): SubscriptionItemObject {
  const recurring = price.recurring;
  if (!recurring) throw new Error(`price ${price.id} is not recurring`);
  return {
    id: newId("subscriptionItem"),
    object: "subscription_item",
    billing_thresholds: null,
    created,
    current_period_end: addInterval(periodStart, recurring.interval, recurring.interval_count),
    current_period_start: periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(price),
    price,
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

export interface SubscriptionFields {
  customer: string;
  items: { price: PriceObject; quantity: number }[];
  metadata: Record<string, string>;
  status: Stripe.Subscription.Status;
  start: number;
  description?: string | null;
}

export function buildSubscription(fields: SubscriptionFields): SubscriptionObject {
  const id = newId("subscription");
  const first = fields.items[0];
  if (!first) throw new Error("a subscription needs at least one item");
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: fields.start,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: fields.start,
    currency: first.price.currency,
    customer: fields.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: fields.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: {
      object: "list",
      data: fields.items.map((item) => buildSubscriptionItem(id, item.price, item.quantity, fields.start, fields.start)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: fields.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: fields.start,
    status: fields.status,
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  };
}

/** The period every item shares in this emulator (one interval per subscription). */
export function currentPeriod(subscription: SubscriptionObject): { start: number; end: number } {
  const item = subscription.items.data[0];
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  return { start: item.current_period_start, end: item.current_period_end };
}
