// The subscription lifecycle, shared by the API, the hosted pages and
// `trigger`: every change builds the next state, commits it, and emits the
// events Stripe sends for it, in the order Stripe commonly sends them.
//
//   API create            customer.subscription.created (active), invoice.created,
//                         invoice.finalized, invoice.paid, invoice.payment_succeeded
//   Checkout success      [customer.created], customer.subscription.created (incomplete),
//                         invoice.created, invoice.finalized,
//                         customer.subscription.updated (incomplete → active),
//                         invoice.paid, invoice.payment_succeeded, checkout.session.completed
//   update / plan switch  customer.subscription.updated (+ previous_attributes)
//   renewal               customer.subscription.updated (new period), invoice.created,
//                         invoice.finalized, invoice.paid, invoice.payment_succeeded
//   failed renewal        customer.subscription.updated (new period), invoice.created,
//                         invoice.finalized, invoice.payment_failed,
//                         customer.subscription.updated (active → past_due)
//   retry after failure   invoice.paid, invoice.payment_succeeded,
//                         customer.subscription.updated (past_due → active)
//   period end, canceling customer.subscription.deleted
//   cancel now            customer.subscription.deleted
//   pause                 customer.subscription.updated (→ paused), customer.subscription.paused
//   resume                customer.subscription.updated (→ active, new period from now),
//                         customer.subscription.resumed, invoice.created, invoice.finalized,
//                         invoice.paid, invoice.payment_succeeded
import type Stripe from "stripe";
import { invalidParam } from "./errors.ts";
import { previousAttributes, type EmitContext, type EventBus } from "./events.ts";
import { nowSeconds } from "./ids.ts";
import {
  buildCheckoutLineItem,
  buildCheckoutSession,
  successRedirect,
  type CheckoutSessionFields,
  type CheckoutSessionObject,
} from "./objects/checkout-session.ts";
import { buildCustomer, type CustomerObject } from "./objects/customer.ts";
import {
  buildDraftInvoice,
  finalizeInvoice,
  firstInvoicePeriod,
  markInvoicePaid,
  markPaymentFailed,
  type InvoiceFields,
  type InvoiceObject,
} from "./objects/invoice.ts";
import type { PriceObject } from "./objects/product.ts";
import {
  buildSubscription,
  buildSubscriptionItem,
  currentPeriod,
  planFromPrice,
  type SubscriptionObject,
} from "./objects/subscription.ts";
import { addInterval } from "./periods.ts";
import type { StripeStore } from "./store.ts";

export interface NewSubscription {
  customer: string;
  items: { price: PriceObject; quantity: number }[];
  metadata: Record<string, string>;
  description?: string | null;
}

/** One entry of `items[]` on update: change an item (id), add one (no id), or remove one (deleted). */
export interface ItemChange {
  id?: string;
  price?: PriceObject;
  quantity?: number;
  deleted?: boolean;
  param: string;
}

export interface SubscriptionChanges {
  items?: ItemChange[];
  cancelAtPeriodEnd?: boolean;
  cancelAt?: number | null;
  metadata?: Record<string, string>;
  pauseCollection?: Stripe.Subscription.PauseCollection | null;
  description?: string | null;
}

const ENDED: readonly string[] = ["canceled", "incomplete_expired"];

export class Billing {
  constructor(
    private readonly store: StripeStore,
    private readonly bus: EventBus,
    private readonly publicUrl: string,
  ) {}

  private customerOf(subscription: SubscriptionObject): CustomerObject | undefined {
    const id = subscription.customer;
    return this.store.liveCustomer(typeof id === "string" ? id : id.id);
  }

  private commit(subscription: SubscriptionObject): void {
    this.store.state.subscriptions[subscription.id] = subscription;
  }

  private emitUpdated(before: SubscriptionObject, after: SubscriptionObject, context: EmitContext): void {
    const previous = previousAttributes(before, after);
    if (previous) this.bus.emit("customer.subscription.updated", after, context, previous);
  }

  /** A copy of the subscription in another status, stored and announced as customer.subscription.updated. */
  private changeStatus(current: SubscriptionObject, status: SubscriptionObject["status"], context: EmitContext): SubscriptionObject {
    const next = structuredClone(current);
    next.status = status;
    this.commit(next);
    this.emitUpdated(current, next, context);
    return next;
  }

  /** A draft invoice for the subscription, stored but not yet announced. */
  private draftInvoice(subscription: SubscriptionObject, billingReason: InvoiceFields["billingReason"], period: { start: number; end: number }): InvoiceObject {
    const invoice = buildDraftInvoice({ subscription, customer: this.customerOf(subscription) ?? null, billingReason, period });
    this.store.state.invoices[invoice.id] = invoice;
    return invoice;
  }

  /** invoice.created (draft), then finalization: invoice.finalized (open). */
  private announceAndFinalize(invoice: InvoiceObject, context: EmitContext): void {
    this.bus.emit("invoice.created", invoice, context);
    const customerId = typeof invoice.customer === "string" ? invoice.customer : undefined;
    finalizeInvoice(invoice, this.publicUrl, this.store.nextInvoiceNumber(customerId ? this.store.liveCustomer(customerId) : undefined));
    this.bus.emit("invoice.finalized", invoice, context);
  }

  private payInvoice(invoice: InvoiceObject, context: EmitContext): void {
    markInvoicePaid(invoice);
    this.bus.emit("invoice.paid", invoice, context);
    this.bus.emit("invoice.payment_succeeded", invoice, context);
  }

  createCustomer(fields: Parameters<typeof buildCustomer>[0], context: EmitContext): CustomerObject {
    const customer = buildCustomer(fields);
    this.store.state.customers[customer.id] = customer;
    this.bus.emit("customer.created", customer, context);
    this.store.save();
    return customer;
  }

  updateCustomer(before: CustomerObject, after: CustomerObject, context: EmitContext): void {
    this.store.state.customers[after.id] = after;
    const previous = previousAttributes(before, after);
    if (previous) this.bus.emit("customer.updated", after, context, previous);
    this.store.save();
  }

  /** Deleting a customer cancels their subscriptions first, as Stripe does. */
  deleteCustomer(customer: CustomerObject, context: EmitContext): void {
    for (const subscription of Object.values(this.store.state.subscriptions)) {
      if (subscription.customer === customer.id && !ENDED.includes(subscription.status)) {
        this.cancelNow(subscription, context);
      }
    }
    this.store.state.customers[customer.id] = { id: customer.id, object: "customer", deleted: true };
    this.bus.emit("customer.deleted", customer, context);
    this.store.save();
  }

  /** POST /v1/subscriptions: the default card pays the first invoice at once. */
  createSubscription(fields: NewSubscription, context: EmitContext): SubscriptionObject {
    const subscription = buildSubscription({ ...fields, status: "active", start: nowSeconds() });
    this.commit(subscription);
    const invoice = this.draftInvoice(subscription, "subscription_create", firstInvoicePeriod(subscription));
    subscription.latest_invoice = invoice.id;
    this.bus.emit("customer.subscription.created", subscription, context);
    this.announceAndFinalize(invoice, context);
    this.payInvoice(invoice, context);
    this.store.save();
    return subscription;
  }

  /** Stores a new open session with the line items and subscription data it will use. */
  openCheckout(fields: Omit<CheckoutSessionFields, "publicUrl">, subscriptionDescription: string | null): CheckoutSessionObject {
    const session = buildCheckoutSession({ ...fields, publicUrl: this.publicUrl });
    this.store.state.checkoutSessions[session.id] = session;
    this.store.state.checkoutDetails[session.id] = {
      lineItems: fields.lineItems.map((item) => buildCheckoutLineItem(item.price, item.quantity)),
      subscriptionMetadata: fields.subscriptionMetadata,
      subscriptionDescription,
    };
    this.store.save();
    return session;
  }

  /** The success card on the hosted checkout page. */
  completeCheckout(session: CheckoutSessionObject, context: EmitContext): string {
    const details = this.store.state.checkoutDetails[session.id];
    if (!details) throw new Error(`checkout session ${session.id} has no line items`);
    let customerId = typeof session.customer === "string" ? session.customer : (session.customer?.id ?? null);
    if (!customerId) {
      const email = session.customer_email ?? `customer+${session.id.slice(-8).toLowerCase()}@example.com`;
      customerId = this.createCustomer({ email }, context).id;
    }
    const customer = this.store.liveCustomer(customerId);
    const subscription = buildSubscription({
      customer: customerId,
      items: details.lineItems.map((item) => ({ price: item.price as PriceObject, quantity: item.quantity ?? 1 })),
      metadata: details.subscriptionMetadata,
      description: details.subscriptionDescription,
      status: "incomplete",
      start: nowSeconds(),
    });
    this.commit(subscription);
    const draft = this.draftInvoice(subscription, "subscription_create", firstInvoicePeriod(subscription));
    subscription.latest_invoice = draft.id;
    this.bus.emit("customer.subscription.created", subscription, context);
    this.announceAndFinalize(draft, context);

    const active = this.changeStatus(subscription, "active", context);
    this.payInvoice(draft, context);

    session.status = "complete";
    session.payment_status = "paid";
    session.url = null;
    session.customer = customerId;
    session.subscription = active.id;
    session.invoice = draft.id;
    session.customer_details = {
      address: null,
      business_name: null,
      email: customer?.email ?? session.customer_email,
      individual_name: null,
      name: customer?.name ?? null,
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    };
    this.bus.emit("checkout.session.completed", session, context);
    this.store.save();
    return successRedirect(session);
  }

  /** Applies an update; validation errors are thrown before anything is written. */
  updateSubscription(current: SubscriptionObject, changes: SubscriptionChanges, context: EmitContext): SubscriptionObject {
    const next = structuredClone(current);
    const now = nowSeconds();
    if (changes.items) this.applyItemChanges(next, changes.items, now);
    const intervalChanged = planKey(current) !== planKey(next);
    if (intervalChanged) {
      next.billing_cycle_anchor = now;
      for (const item of next.items.data) {
        const recurring = item.price.recurring;
        if (!recurring) continue;
        item.current_period_start = now;
        item.current_period_end = addInterval(now, recurring.interval, recurring.interval_count);
      }
    }
    if (changes.metadata) next.metadata = changes.metadata;
    if (changes.description !== undefined) next.description = changes.description;
    if (changes.pauseCollection !== undefined) next.pause_collection = changes.pauseCollection;
    if (changes.cancelAt !== undefined) {
      next.cancel_at = changes.cancelAt;
      next.cancel_at_period_end = false;
      setCancellation(next, changes.cancelAt === null ? null : now);
    }
    if (changes.cancelAtPeriodEnd !== undefined) {
      next.cancel_at_period_end = changes.cancelAtPeriodEnd;
      next.cancel_at = changes.cancelAtPeriodEnd ? currentPeriod(next).end : null;
      setCancellation(next, changes.cancelAtPeriodEnd ? now : null);
    }
    this.commit(next);
    if (intervalChanged) {
      const invoice = this.draftInvoice(next, "subscription_update", currentPeriod(next));
      next.latest_invoice = invoice.id;
      this.emitUpdated(current, next, context);
      this.announceAndFinalize(invoice, context);
      this.payInvoice(invoice, context);
    } else {
      this.emitUpdated(current, next, context);
    }
    this.store.save();
    return next;
  }

  private applyItemChanges(next: SubscriptionObject, changes: ItemChange[], now: number): void {
    for (const change of changes) {
      if (change.id !== undefined) {
        const index = next.items.data.findIndex((item) => item.id === change.id);
        const item = next.items.data[index];
        if (!item) throw invalidParam(`${change.param}[id]`, `No such subscription item: '${change.id}'`, "resource_missing");
        if (change.deleted) {
          next.items.data.splice(index, 1);
          continue;
        }
        if (change.price) {
          item.price = change.price;
          item.plan = planFromPrice(change.price);
        }
        if (change.quantity !== undefined) item.quantity = change.quantity;
        continue;
      }
      if (!change.price) throw invalidParam(`${change.param}[price]`, `Missing required param: ${change.param}[price].`, "parameter_missing");
      if (next.items.data.some((item) => item.price.id === change.price?.id)) {
        throw invalidParam(`${change.param}[price]`, `Cannot add multiple subscription items with the same price: ${change.price.id}`);
      }
      const { start } = currentPeriod(next);
      next.items.data.push(buildSubscriptionItem(next.id, change.price, change.quantity ?? 1, start, now));
    }
    if (next.items.data.length === 0) throw invalidParam("items", "A subscription must have at least one active item.");
    const intervals = new Set(next.items.data.map((item) => `${item.price.recurring?.interval}/${item.price.recurring?.interval_count}`));
    if (intervals.size > 1) {
      throw invalidParam("items", "All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.");
    }
    const { start, end } = currentPeriod(next);
    for (const item of next.items.data) Object.assign(item, { current_period_start: start, current_period_end: end });
  }

  cancelNow(current: SubscriptionObject, context: EmitContext, reason: "cancellation_requested" | "payment_failed" = "cancellation_requested"): SubscriptionObject {
    const next = structuredClone(current);
    const now = nowSeconds();
    next.status = "canceled";
    next.canceled_at = now;
    next.ended_at = now;
    next.cancellation_details = { ...next.cancellation_details, reason } as SubscriptionObject["cancellation_details"];
    this.commit(next);
    this.bus.emit("customer.subscription.deleted", next, context);
    this.store.save();
    return next;
  }

  /** Moves to the end of the current period: the pending cancellation takes effect, or the subscription renews. */
  advancePeriod(current: SubscriptionObject, context: EmitContext, outcome: "paid" | "failed" = "paid"): SubscriptionObject {
    const { end } = currentPeriod(current);
    if (current.cancel_at !== null && current.cancel_at <= end) {
      const next = structuredClone(current);
      next.status = "canceled";
      next.ended_at = current.cancel_at;
      this.commit(next);
      this.bus.emit("customer.subscription.deleted", next, context);
      this.store.save();
      return next;
    }
    const renewed = structuredClone(current);
    for (const item of renewed.items.data) {
      const recurring = item.price.recurring;
      if (!recurring) continue;
      item.current_period_start = end;
      item.current_period_end = addInterval(end, recurring.interval, recurring.interval_count, renewed.billing_cycle_anchor);
    }
    const invoice = this.draftInvoice(renewed, "subscription_cycle", currentPeriod(current));
    renewed.latest_invoice = invoice.id;
    if (outcome === "paid" && renewed.status === "past_due") renewed.status = "active";
    this.commit(renewed);
    this.emitUpdated(current, renewed, context);
    this.announceAndFinalize(invoice, context);
    if (outcome === "paid") {
      this.payInvoice(invoice, context);
      this.store.save();
      return renewed;
    }
    markPaymentFailed(invoice);
    this.bus.emit("invoice.payment_failed", invoice, context);
    const pastDue = this.changeStatus(renewed, "past_due", context);
    this.store.save();
    return pastDue;
  }

  /** Pays the open invoice of a past_due subscription (the customer fixed their card). */
  retryPayment(current: SubscriptionObject, context: EmitContext): SubscriptionObject {
    const invoiceId = typeof current.latest_invoice === "string" ? current.latest_invoice : current.latest_invoice?.id;
    const invoice = invoiceId ? this.store.state.invoices[invoiceId] : undefined;
    if (!invoice || invoice.status !== "open") throw invalidParam("subscription", `Subscription ${current.id} has no open invoice to pay.`);
    this.payInvoice(invoice, context);
    const next = this.changeStatus(current, "active", context);
    this.store.save();
    return next;
  }

  /** POST /v1/subscriptions/:id/pause: no invoices and no new periods until resumed. */
  pause(current: SubscriptionObject, context: EmitContext): SubscriptionObject {
    const next = this.changeStatus(current, "paused", context);
    this.bus.emit("customer.subscription.paused", next, context);
    this.store.save();
    return next;
  }

  /** POST /v1/subscriptions/:id/resume: a new period starts now and its invoice is paid. */
  resume(current: SubscriptionObject, context: EmitContext): SubscriptionObject {
    const next = structuredClone(current);
    const now = nowSeconds();
    next.status = "active";
    next.billing_cycle_anchor = now;
    for (const item of next.items.data) {
      const recurring = item.price.recurring;
      if (!recurring) continue;
      item.current_period_start = now;
      item.current_period_end = addInterval(now, recurring.interval, recurring.interval_count);
    }
    const invoice = this.draftInvoice(next, "subscription_update", currentPeriod(next));
    next.latest_invoice = invoice.id;
    this.commit(next);
    this.emitUpdated(current, next, context);
    this.bus.emit("customer.subscription.resumed", next, context);
    this.announceAndFinalize(invoice, context);
    this.payInvoice(invoice, context);
    this.store.save();
    return next;
  }
}

function planKey(subscription: SubscriptionObject): string {
  return subscription.items.data.map((item) => `${item.price.recurring?.interval}/${item.price.recurring?.interval_count}`).join(",");
}

/** canceled_at records when cancellation was requested, even for one at period end. */
function setCancellation(subscription: SubscriptionObject, requestedAt: number | null): void {
  subscription.canceled_at = requestedAt;
  subscription.cancellation_details = {
    comment: subscription.cancellation_details?.comment ?? null,
    feedback: subscription.cancellation_details?.feedback ?? null,
    feedback_option: subscription.cancellation_details?.feedback_option ?? null,
    reason: requestedAt === null ? null : "cancellation_requested",
  };
}
