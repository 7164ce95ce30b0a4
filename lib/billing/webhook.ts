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
import { LOOKUP_KEYS, isPaidTier, planForLookupKey, type PaidTier } from "./plans";
import {
  checkoutSessionSchema, customerSchema, describeIssues, invoiceSchema, subscriptionSchema, userIdSchema,
  type SubscriptionPayload, type eventEnvelopeSchema,
} from "./schema";

export type StripeEventEnvelope = z.output<typeof eventEnvelopeSchema>;
export type ApplyArgs = Database["public"]["Functions"]["apply_stripe_subscription_event"]["Args"];
export type ApplyOutcome = "applied" | "stale" | "recorded" | "unmatched" | "duplicate";

/** Events that carry (or point at) a subscription or customer and go through the SQL function. */
export const SUBSCRIPTION_EVENT_TYPES: ReadonlySet<string> = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "customer.subscription.trial_will_end",
  "invoice.paid",
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
}

const iso = (seconds: number | null | undefined) => (seconds == null ? undefined : new Date(seconds * 1000).toISOString());

function parse<S extends z.ZodType>(schema: S, value: unknown, event: StripeEventEnvelope): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new WebhookPayloadError(`${event.type} ${event.id}: data.object ${describeIssues(result.error)}`);
  return result.data;
}

function userIdFrom(value: string | null | undefined, field: string, event: StripeEventEnvelope): string | undefined {
  if (value == null || value === "") return undefined;
  const result = userIdSchema.safeParse(value);
  if (!result.success) throw new WebhookPayloadError(`${event.type} ${event.id}: ${field} ${result.error.issues[0]?.message}`);
  return result.data;
}

/** The subscription fields of the SQL call: tier from the price's lookup_key, period from the item. */
export function subscriptionArgs(subscription: SubscriptionPayload, event: StripeEventEnvelope): Partial<ApplyArgs> {
  let tier: PaidTier | undefined;
  let item = subscription.items.data[0]!;
  for (const candidate of subscription.items.data) {
    const fromKey = planForLookupKey(candidate.price.lookup_key)?.tier;
    const fromMetadata = candidate.price.metadata.tier;
    tier = fromKey ?? (isPaidTier(fromMetadata) ? fromMetadata : undefined);
    if (tier) {
      item = candidate;
      break;
    }
  }
  if (!tier) {
    const prices = subscription.items.data.map((i) => `${i.price.id} (lookup_key ${i.price.lookup_key ?? "none"})`).join(", ");
    throw new WebhookPayloadError(
      `${event.type} ${event.id}: subscription ${subscription.id} has no price this app sells: ${prices}; expected a lookup_key of ${LOOKUP_KEYS.join(", ")}`,
    );
  }
  return {
    p_user_id: userIdFrom(subscription.metadata.user_id, "subscription metadata.user_id", event),
    p_stripe_customer_id: subscription.customer,
    p_stripe_subscription_id: subscription.id,
    p_status: subscription.status,
    p_tier: tier,
    p_stripe_price_id: item.price.id,
    p_current_period_start: iso(item.current_period_start ?? subscription.current_period_start),
    p_current_period_end: iso(item.current_period_end ?? subscription.current_period_end),
    p_cancel_at_period_end: subscription.cancel_at_period_end,
    p_cancel_at: iso(subscription.cancel_at),
    p_canceled_at: iso(subscription.canceled_at),
    p_trial_end: iso(subscription.trial_end),
  };
}

/**
 * The arguments for one event. Subscription events carry their snapshot. An
 * invoice names its subscription but not its status, so the subscription is
 * read from Stripe (its state now, at least as new as the event) and stamped
 * with the event's time: so it never overwrites a snapshot from a newer event,
 * and any change made after this event arrives in a newer event of its own.
 */
export async function applyArgsFor(event: StripeEventEnvelope, stripe: Stripe): Promise<ApplyArgs> {
  const base: ApplyArgs = { p_event_id: event.id, p_event_type: event.type, p_event_created: iso(event.created)! };
  const object = event.data.object;

  if (event.type.startsWith("customer.subscription.")) {
    return { ...base, ...subscriptionArgs(parse(subscriptionSchema, object, event), event) };
  }
  if (event.type === "checkout.session.completed") {
    // Links the customer to the user who started checkout; the subscription
    // itself arrives in its own customer.subscription.* events.
    const session = parse(checkoutSessionSchema, object, event);
    return {
      ...base,
      p_user_id: userIdFrom(session.client_reference_id, "client_reference_id", event),
      p_stripe_customer_id: session.customer ?? undefined,
    };
  }
  if (event.type === "invoice.paid" || event.type === "invoice.payment_failed") {
    const invoice = parse(invoiceSchema, object, event);
    const subscriptionId = invoice.parent?.subscription_details?.subscription ?? invoice.subscription;
    if (!subscriptionId) return { ...base, p_stripe_customer_id: invoice.customer ?? undefined };
    const current = await stripe.subscriptions.retrieve(subscriptionId);
    return { ...base, ...subscriptionArgs(parse(subscriptionSchema, current, event), event) };
  }
  if (event.type === "customer.deleted") {
    return { ...base, p_stripe_customer_id: parse(customerSchema, object, event).id };
  }
  throw new Error(`applyArgsFor: ${event.type} is not a subscription event`);
}

const OUTCOMES: readonly ApplyOutcome[] = ["applied", "stale", "recorded", "unmatched", "duplicate"];

/** Applies one event through the SQL function, in its one transaction. Throws when the database refuses. */
export async function applyStripeEvent(event: StripeEventEnvelope, { admin, stripe }: ApplyDeps): Promise<ApplyOutcome> {
  const args = await applyArgsFor(event, stripe);
  const { data, error } = await admin.rpc("apply_stripe_subscription_event", args);
  if (error) throw new Error(`apply_stripe_subscription_event failed for ${event.type} ${event.id}: ${error.code ?? ""} ${error.message}`);
  if (!OUTCOMES.includes(data as ApplyOutcome)) throw new Error(`apply_stripe_subscription_event returned ${String(data)}`);
  return data as ApplyOutcome;
}
