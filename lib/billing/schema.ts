// What billing accepts from outside: the upgrade form, and the fields of a
// Stripe event the webhook reads. Stripe's payload is signed, but it is still
// parsed field by field, so a shape this code does not expect is refused with
// a message that names the field instead of writing something half-understood.
import { z } from "zod";
import { INTERVALS, PAID_TIERS } from "./plans";

export const checkoutInputSchema = z.object({
  plan: z.enum(PAID_TIERS, { error: "Choose a paid plan: pro, studio or enterprise." }),
  interval: z.enum(INTERVALS, { error: "Choose monthly or yearly billing." }).default("month"),
});
export type CheckoutInput = z.output<typeof checkoutInputSchema>;

export const portalInputSchema = z.object({});

/** The same id formats the billing tables check, so a bad id never reaches SQL. */
const stripeId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9_]+$`), `must be a Stripe id starting with ${prefix}_`);

/**
 * A price's id: price_… for prices, or the id of a price made with the legacy
 * Plans API, which could be chosen by hand ("gold-monthly"). The same rule as
 * the subscriptions table's check.
 */
const priceId = z
  .string()
  .min(1, "must be a Stripe price id")
  .max(255, "must be a Stripe price id (at most 255 characters)")
  .regex(/^[^\p{Cc}]+$/u, "must be a Stripe price id without control characters");

/** A field that is an id, or the object when the request expanded it. */
const expandable = (prefix: string) => z.union([stripeId(prefix), z.object({ id: stripeId(prefix) }).transform((o) => o.id)]);

const unixSeconds = z.number().int().nonnegative();
const metadata = z.record(z.string(), z.string()).nullish().transform((m) => m ?? {});

export const SUBSCRIPTION_STATUSES = [
  "incomplete", "incomplete_expired", "trialing", "active", "past_due", "canceled", "unpaid", "paused",
] as const;

export const eventEnvelopeSchema = z.object({
  id: stripeId("evt"),
  type: z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, "must be a Stripe event type like customer.subscription.updated"),
  created: unixSeconds,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const subscriptionItemSchema = z.object({
  // Current API versions put the billing period on each item, not on the
  // subscription; endpoints pinned to an API version before 2025-03-31 still
  // get it on the subscription (read there as a fallback, see webhook.ts).
  current_period_start: unixSeconds.nullish(),
  current_period_end: unixSeconds.nullish(),
  price: z.object({
    id: priceId,
    lookup_key: z.string().nullish(),
    metadata,
    // An id in webhook payloads; the object when a request expanded it.
    product: z.union([z.string(), z.object({ id: z.string() }).transform((o) => o.id)]).nullish(),
  }),
});

export const subscriptionSchema = z.object({
  object: z.literal("subscription"),
  id: stripeId("sub"),
  customer: expandable("cus"),
  status: z.enum(SUBSCRIPTION_STATUSES),
  metadata,
  cancel_at_period_end: z.boolean(),
  cancel_at: unixSeconds.nullish(),
  canceled_at: unixSeconds.nullish(),
  trial_end: unixSeconds.nullish(),
  current_period_start: unixSeconds.nullish(),
  current_period_end: unixSeconds.nullish(),
  items: z.object({ data: z.array(subscriptionItemSchema).min(1, "a subscription needs at least one item") }),
});
export type SubscriptionPayload = z.output<typeof subscriptionSchema>;

export const checkoutSessionSchema = z.object({
  object: z.literal("checkout.session"),
  id: stripeId("cs"),
  mode: z.string(),
  client_reference_id: z.string().nullish(),
  customer: expandable("cus").nullish(),
  subscription: expandable("sub").nullish(),
  metadata,
});

export const invoiceSchema = z.object({
  object: z.literal("invoice"),
  id: stripeId("in"),
  customer: expandable("cus").nullish(),
  // Before API version 2025-03-31 an invoice named its subscription here.
  subscription: expandable("sub").nullish(),
  parent: z
    .object({
      subscription_details: z.object({ subscription: expandable("sub"), metadata }).nullish(),
    })
    .nullish(),
  // Each line names its subscription too: under parent.subscription_item_details
  // from 2025-03-31, directly before. Read when the invoice itself does not.
  lines: z
    .object({
      data: z.array(
        z.object({
          // A fallback: a value that is no subscription id is skipped, not refused.
          subscription: expandable("sub").nullish().catch(null),
          parent: z
            .object({ subscription_item_details: z.object({ subscription: expandable("sub").nullish().catch(null) }).nullish() })
            .nullish()
            .catch(null),
        }),
      ),
    })
    .nullish(),
});
export type InvoicePayload = z.output<typeof invoiceSchema>;

export const customerSchema = z.object({
  object: z.literal("customer"),
  id: stripeId("cus"),
});

/** The app's user id on a session (client_reference_id) or subscription (metadata.user_id). */
export const userIdSchema = z.uuid({ error: "must be the app's user id (a UUID)" });

/** "items.data.0.price.id: must be a Stripe price id without control characters" */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
}
