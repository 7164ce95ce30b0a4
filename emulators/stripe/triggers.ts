// `trigger(type)` / `npm run stripe:trigger <type>`: like the Stripe CLI's
// `stripe trigger`, creates the objects an event needs through the same
// lifecycle the API uses, so the event and everything Stripe sends around it
// are emitted with real shapes. Events go to the registered endpoints, or only
// to `url` when given.
import type { Billing } from "./billing.ts";
import { StripeApiError, noSuch } from "./errors.ts";
import type { EmitContext } from "./events.ts";
import { randomBase62 } from "./ids.ts";
import { buildPaymentIntent } from "./objects/misc.ts";
import type { PriceObject } from "./objects/product.ts";
import type { SubscriptionObject } from "./objects/subscription.ts";
import type { EventBus } from "./events.ts";
import { newestFirst, type StripeStore } from "./store.ts";
import type { DeliveryRecord } from "./webhooks/delivery.ts";

export interface TriggerOverrides {
  /** Use this customer (and its latest live subscription) instead of creating new ones. */
  customer?: string;
  /** Price id or lookup key for new subscriptions (default `pro_monthly`). */
  price?: string;
  /** Send this trigger's events only to this URL. */
  url?: string;
}

export interface TriggerResult {
  requested: string;
  events: { id: string; type: string; deliveries: DeliveryRecord[] }[];
}

interface Fixture {
  store: StripeStore;
  billing: Billing;
  bus: EventBus;
  context: EmitContext;
  customer(): string;
  subscription(): SubscriptionObject;
  price: PriceObject;
}

const newSubscription = (f: Fixture) => f.billing.createSubscription({ customer: f.customer(), items: [{ price: f.price, quantity: 1 }], metadata: {} }, f.context);

/** A price of the next tier with the same interval, for a plan switch. */
function otherPrice(store: StripeStore, current: PriceObject): PriceObject {
  const candidates = newestFirst(store.state.prices)
    .reverse()
    .filter((p) => p.active && p.id !== current.id && p.recurring?.interval === current.recurring?.interval);
  const next = candidates.find((p) => p.unit_amount !== null && current.unit_amount !== null && p.unit_amount > current.unit_amount) ?? candidates[0];
  if (!next) throw new Error(`no other price with interval ${current.recurring?.interval}`);
  return next;
}

const FIXTURES: Record<string, (f: Fixture) => void> = {
  "customer.created": (f) => void f.billing.createCustomer({ email: "triggered@example.com", name: "Triggered Customer" }, f.context),
  "customer.updated": (f) => {
    const before = f.store.liveCustomer(f.customer());
    if (!before) return;
    const after = structuredClone(before);
    after.name = `${before.name ?? "Customer"} (updated)`;
    after.metadata = { ...before.metadata, triggered: "true" };
    f.billing.updateCustomer(before, after, f.context);
  },
  "customer.deleted": (f) => {
    const customer = f.store.liveCustomer(f.customer());
    if (customer) f.billing.deleteCustomer(customer, f.context);
  },
  "customer.subscription.created": (f) => void newSubscription(f),
  "customer.subscription.updated": (f) => {
    const subscription = f.subscription();
    const item = subscription.items.data[0];
    if (!item) return;
    f.billing.updateSubscription(subscription, { items: [{ id: item.id, price: otherPrice(f.store, item.price), param: "items[0]" }] }, f.context);
  },
  "customer.subscription.deleted": (f) => void f.billing.cancelNow(f.subscription(), f.context),
  "customer.subscription.paused": (f) => void f.billing.pause(f.subscription(), f.context),
  "customer.subscription.resumed": (f) => void f.billing.resume(f.billing.pause(f.subscription(), f.context), f.context),
  "invoice.created": (f) => void newSubscription(f),
  "invoice.finalized": (f) => void newSubscription(f),
  "invoice.paid": (f) => void newSubscription(f),
  "invoice.payment_succeeded": (f) => void newSubscription(f),
  "invoice.payment_failed": (f) => void f.billing.advancePeriod(f.subscription(), f.context, "failed"),
  "checkout.session.completed": (f) => {
    const customer = f.store.liveCustomer(f.customer());
    const session = f.billing.openCheckout(
      {
        customer: customer?.id ?? null,
        customerEmail: customer?.email ?? null,
        lineItems: [{ price: f.price, quantity: 1 }],
        clientReferenceId: null,
        successUrl: "http://localhost:3000/billing?session_id={CHECKOUT_SESSION_ID}",
        cancelUrl: "http://localhost:3000/billing",
        allowPromotionCodes: null,
        metadata: {},
        subscriptionMetadata: {},
      },
      null,
    );
    f.billing.completeCheckout(session, f.context);
  },
  "payment_intent.created": (f) => {
    const intent = buildPaymentIntent(2000, "usd", null);
    f.store.state.paymentIntents[intent.id] = intent;
    f.bus.emit("payment_intent.created", intent, f.context);
  },
  "payment_intent.succeeded": (f) => {
    const intent = buildPaymentIntent(2000, "usd", null);
    f.store.state.paymentIntents[intent.id] = intent;
    f.bus.emit("payment_intent.created", intent, f.context);
    Object.assign(intent, { status: "succeeded", amount_received: intent.amount, payment_method: `pm_1${randomBase62(23)}` });
    f.bus.emit("payment_intent.succeeded", intent, f.context);
    f.store.save();
  },
};

export const TRIGGER_TYPES: readonly string[] = Object.keys(FIXTURES);

export class UnknownTriggerError extends StripeApiError {
  constructor(type: string) {
    super(400, "invalid_request_error", `Unknown or unsupported event type "${type}". Supported: ${TRIGGER_TYPES.join(", ")}.`, "parameter_invalid_string", "event");
  }
}

export async function runTrigger(
  deps: { store: StripeStore; billing: Billing; bus: EventBus },
  type: string,
  overrides: TriggerOverrides,
): Promise<TriggerResult> {
  const fixture = FIXTURES[type];
  if (!fixture) throw new UnknownTriggerError(type);
  const { store, billing, bus } = deps;
  if (overrides.customer !== undefined && !store.liveCustomer(overrides.customer)) throw noSuch("customer", overrides.customer, "customer");
  const price = overrides.price ? (store.state.prices[overrides.price] ?? store.priceByLookupKey(overrides.price)) : store.priceByLookupKey("pro_monthly");
  if (!price) throw noSuch("price", overrides.price ?? "pro_monthly", "price");

  const context: EmitContext = { requestId: null, idempotencyKey: null, emitted: [], ...(overrides.url ? { deliverTo: [overrides.url] } : {}) };
  let customerId = overrides.customer;
  const f: Fixture = {
    store,
    billing,
    bus,
    context,
    price,
    customer: () => (customerId ??= billing.createCustomer({ email: "triggered@example.com", name: "Triggered Customer" }, context).id),
    subscription: () => {
      const existing = overrides.customer
        ? newestFirst(store.state.subscriptions).find((s) => s.customer === overrides.customer && s.status !== "canceled")
        : undefined;
      return existing ?? newSubscription(f);
    },
  };
  fixture(f);
  store.save();
  const emitted = context.emitted ?? [];
  return {
    requested: type,
    events: await Promise.all(
      emitted.map(async ({ event, deliveries }) => ({ id: event.id, type: event.type, deliveries: await Promise.all(deliveries) })),
    ),
  };
}
