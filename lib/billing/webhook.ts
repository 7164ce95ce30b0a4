import "server-only";
// A verified Stripe event → one call of public.apply_stripe_subscription_event,
// the SQL function that records the event id, upserts the subscription, sets
// the user's plan and writes the audit row in one transaction (deduplicated by
// event id, older snapshots recorded but not applied). This file only turns
// the event into that call's arguments.
import type { SupabaseClient } from "@supabase/supabase-js";
import type Stripe from "stripe";
import type { z } from "zod";
import type { Database } from "@/lib/supabase/database.types";
import { LOOKUP_KEYS, isPaidTier, planForLookupKey, type PaidTier, type Tier } from "./plans";
import {
  checkoutSessionSchema, customerSchema, describeIssues, invoiceSchema, subscriptionSchema, userIdSchema,
  type InvoicePayload, type SubscriptionPayload, type eventEnvelopeSchema,
} from "./schema";

export type StripeEventEnvelope = z.output<typeof eventEnvelopeSchema>;
export type ApplyArgs = Database["public"]["Functions"]["apply_stripe_subscription_event"]["Args"];
export type ApplyOutcome = "applied" | "stale" | "recorded" | "unmatched" | "duplicate";

/** Events that carry (or point at) a subscription or customer and go through the SQL function. */
export const SUBSCRIPTION_EVENT_TYPES: ReadonlySet<string> = new Set([
  "checkout.session.completed",
  // Delayed payment methods (SEPA, ACH…): the session completes unpaid, then one of these follows.
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "customer.subscription.trial_will_end",
  "customer.subscription.pending_update_applied",
  "customer.subscription.pending_update_expired",
  // Stripe sends both for a paid invoice; an endpoint may be subscribed to either.
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "customer.deleted",
]);

/** Events that change what /pricing shows: they expire its cached prices. */
export const CATALOG_EVENT_TYPES: ReadonlySet<string> = new Set([
  "product.created", "product.updated", "product.deleted", "price.created", "price.updated", "price.deleted",
]);

/** The event is signed but not something this app can apply: a 400 that names the field. */
export class WebhookPayloadError extends Error {
  override name = "WebhookPayloadError";
}

export interface ApplyDeps {
  admin: SupabaseClient<Database>;
  stripe: Stripe;
  /** Where a price the app does not sell is reported (console.warn by default). */
  warn?: (message: string) => void;
}

type SubscriptionItem = SubscriptionPayload["items"]["data"][number];

/** The plan an item sells, chosen for the subscription, and whether the app knows its price. */
export interface TierChoice {
  tier: Tier;
  item: SubscriptionItem;
  recognised: boolean;
}

const iso = (seconds: number | null | undefined) => (seconds == null ? undefined : new Date(seconds * 1000).toISOString());

function parse<S extends z.ZodType>(schema: S, value: unknown, event: StripeEventEnvelope): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new WebhookPayloadError(`${event.type} ${event.id}: data.object ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * The app's user id, or undefined. Stripe lets anyone put any string in
 * client_reference_id or metadata (a Payment Link, another integration on the
 * same account): one that is not our user id is not ours to read, so the
 * event falls back to the customer's known owner instead of being refused
 * (a 400 would only make Stripe retry it for days).
 */
function userIdFrom(value: string | null | undefined): string | undefined {
  const result = userIdSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

const productOf = (item: SubscriptionItem) => item.price.product ?? undefined;

/** The subscription's item the app sells, by its price's lookup_key or metadata.tier. */
export function recognisedItem(subscription: SubscriptionPayload): TierChoice | undefined {
  for (const item of subscription.items.data) {
    const fromMetadata = item.price.metadata.tier;
    const tier = planForLookupKey(item.price.lookup_key)?.tier ?? (isPaidTier(fromMetadata) ? fromMetadata : undefined);
    if (tier) return { tier, item, recognised: true };
  }
  return undefined;
}

/**
 * The plan of a subscription. A price without one of our lookup keys is still
 * a real subscription, so it is recorded rather than refused:
 * 1. a price of a product that also sells one of our lookup keys (a custom or
 *    grandfathered price of the Pro product) gives that product's tier;
 * 2. else the tier already stored for this subscription stays (switching to
 *    an unknown price neither upgrades nor downgrades anyone);
 * 3. else free: recorded, but no paid plan for something the app does not sell.
 */
export async function chooseTier(subscription: SubscriptionPayload, { admin, stripe, warn }: ApplyDeps): Promise<TierChoice> {
  const known = recognisedItem(subscription);
  if (known) return known;

  const byProduct = new Map<string, PaidTier>();
  for await (const price of stripe.prices.list({ lookup_keys: [...LOOKUP_KEYS], limit: 100 })) {
    const tier = planForLookupKey(price.lookup_key)?.tier;
    const product = typeof price.product === "string" ? price.product : price.product.id;
    if (tier && !byProduct.has(product)) byProduct.set(product, tier);
  }
  for (const item of subscription.items.data) {
    const tier = byProduct.get(productOf(item) ?? "");
    if (tier) return { tier, item, recognised: true };
  }

  const item = subscription.items.data[0]!;
  const { data, error } = await admin.from("subscriptions").select("tier").eq("stripe_subscription_id", subscription.id).maybeSingle();
  if (error) throw new Error(`Could not read subscription ${subscription.id}: ${error.message}`);
  const tier: Tier = data?.tier ?? "free";
  const prices = subscription.items.data.map((i) => `${i.price.id} (lookup_key ${i.price.lookup_key ?? "none"})`).join(", ");
  (warn ?? ((message) => console.warn(`[stripe webhook] ${message}`)))(
    `subscription ${subscription.id} has no price this app sells: ${prices}; expected a lookup_key of ${LOOKUP_KEYS.join(", ")}. Recorded with the ${tier} tier.`,
  );
  return { tier, item, recognised: false };
}

/** The subscription fields of the SQL call: tier as chosen, period from the item (or, before 2025-03-31, the subscription). */
export function subscriptionArgs(subscription: SubscriptionPayload, { tier, item }: TierChoice): Partial<ApplyArgs> {
  let start = item.current_period_start ?? subscription.current_period_start;
  let end = item.current_period_end ?? subscription.current_period_end;
  // Stripe never sends an end before the start; if a payload does, the table's
  // check would refuse the event on every retry. Keep the rest of it.
  if (start != null && end != null && end < start) start = end = undefined;
  return {
    p_user_id: userIdFrom(subscription.metadata.user_id),
    p_stripe_customer_id: subscription.customer,
    p_stripe_subscription_id: subscription.id,
    p_status: subscription.status,
    p_tier: tier,
    p_stripe_price_id: item.price.id,
    p_current_period_start: iso(start),
    p_current_period_end: iso(end),
    p_cancel_at_period_end: subscription.cancel_at_period_end,
    p_cancel_at: iso(subscription.cancel_at),
    p_canceled_at: iso(subscription.canceled_at),
    p_trial_end: iso(subscription.trial_end),
  };
}

async function snapshotArgs(subscription: SubscriptionPayload, deps: ApplyDeps): Promise<Partial<ApplyArgs>> {
  return subscriptionArgs(subscription, await chooseTier(subscription, deps));
}

/**
 * The subscription as Stripe has it now, or undefined if Stripe no longer has
 * it (deleted test data, another account's id): nothing to apply, and a retry
 * would not change that. Other failures throw, so Stripe retries.
 */
async function currentSubscription(id: string, event: StripeEventEnvelope, stripe: Stripe): Promise<SubscriptionPayload | undefined> {
  let current: Stripe.Subscription;
  try {
    current = await stripe.subscriptions.retrieve(id);
  } catch (error) {
    if ((error as { code?: string }).code === "resource_missing") return undefined;
    throw error;
  }
  return parse(subscriptionSchema, current, event);
}

async function isStored(subscriptionId: string, admin: SupabaseClient<Database>): Promise<boolean> {
  const { data, error } = await admin.from("subscriptions").select("user_id").eq("stripe_subscription_id", subscriptionId).maybeSingle();
  if (error) throw new Error(`Could not read subscription ${subscriptionId}: ${error.message}`);
  return data !== null;
}

/** An invoice's subscription, wherever the endpoint's API version puts it. */
function subscriptionOfInvoice(invoice: InvoicePayload): string | undefined {
  const lines = invoice.lines?.data ?? [];
  return (
    invoice.parent?.subscription_details?.subscription ??
    invoice.subscription ??
    lines.map((line) => line.parent?.subscription_item_details?.subscription ?? line.subscription).find(Boolean) ??
    undefined
  );
}

/**
 * The arguments for one event. Subscription events carry their snapshot. An
 * invoice or a checkout session names its subscription but not its state, so
 * the subscription is read from Stripe (its state now, at least as new as the
 * event) and stamped with the event's time: so it never overwrites a snapshot
 * from a newer event, and any change made after this event arrives in a newer
 * event of its own.
 */
export async function applyArgsFor(event: StripeEventEnvelope, deps: ApplyDeps): Promise<ApplyArgs> {
  const base: ApplyArgs = { p_event_id: event.id, p_event_type: event.type, p_event_created: iso(event.created)! };
  const object = event.data.object;

  if (event.type.startsWith("customer.subscription.")) {
    return { ...base, ...(await snapshotArgs(parse(subscriptionSchema, object, event), deps)) };
  }
  if (event.type.startsWith("checkout.session.")) {
    // Links the customer to the user who started checkout, and applies the
    // subscription too unless it is stored already: its own
    // customer.subscription.* events may have come first, unmatched, when they
    // name neither a user nor a known customer.
    const session = parse(checkoutSessionSchema, object, event);
    const userId = userIdFrom(session.client_reference_id) ?? userIdFrom(session.metadata.user_id);
    const link: ApplyArgs = { ...base, p_user_id: userId, p_stripe_customer_id: session.customer ?? undefined };
    if (!session.subscription || (await isStored(session.subscription, deps.admin))) return link;
    const subscription = await currentSubscription(session.subscription, event, deps.stripe);
    if (!subscription) return link;
    const args = await snapshotArgs(subscription, deps);
    return { ...base, ...args, p_user_id: userId ?? args.p_user_id };
  }
  if (event.type.startsWith("invoice.")) {
    const invoice = parse(invoiceSchema, object, event);
    const link: ApplyArgs = { ...base, p_stripe_customer_id: invoice.customer ?? undefined };
    const subscriptionId = subscriptionOfInvoice(invoice);
    const subscription = subscriptionId && (await currentSubscription(subscriptionId, event, deps.stripe));
    if (!subscription) return link;
    return { ...base, ...(await snapshotArgs(subscription, deps)) };
  }
  if (event.type === "customer.deleted") {
    return { ...base, p_stripe_customer_id: parse(customerSchema, object, event).id };
  }
  throw new Error(`applyArgsFor: ${event.type} is not a subscription event`);
}

const OUTCOMES: readonly ApplyOutcome[] = ["applied", "stale", "recorded", "unmatched", "duplicate"];

/** Applies one event through the SQL function, in its one transaction. Throws when the database refuses. */
export async function applyStripeEvent(event: StripeEventEnvelope, deps: ApplyDeps): Promise<ApplyOutcome> {
  const args = await applyArgsFor(event, deps);
  const { data, error } = await deps.admin.rpc("apply_stripe_subscription_event", args);
  if (error) throw new Error(`apply_stripe_subscription_event failed for ${event.type} ${event.id}: ${error.code ?? ""} ${error.message}`);
  if (!OUTCOMES.includes(data as ApplyOutcome)) throw new Error(`apply_stripe_subscription_event returned ${String(data)}`);
  return data as ApplyOutcome;
}
