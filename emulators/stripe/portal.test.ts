// The customer portal page and the period-end / payment-failure controls:
// each action changes the subscription and posts the events Stripe sends.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningStripeEmulator } from "./server.ts";
import { sdkFor, startTestEmulator, startWebhookReceiver, type WebhookReceiver } from "./test-support.ts";

const SECRET = "whsec_portal_test_secret";
let receiver: WebhookReceiver;
let emulator: RunningStripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  emulator = await startTestEmulator({ webhookUrl: receiver.url, webhookSecret: SECRET });
  stripe = sdkFor(emulator);
});
afterAll(async () => {
  await emulator.stop();
  await receiver.close();
});
beforeEach(async () => {
  await emulator.idle();
  receiver.received.length = 0;
});

/** A customer with an active subscription, a portal session, and no events pending. */
async function setup(lookupKey = "pro_monthly") {
  const customer = await stripe.customers.create({ email: `portal-${lookupKey}@example.com` });
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: `price_local_${lookupKey}` }] });
  const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://localhost:3000/billing" });
  await emulator.idle();
  receiver.received.length = 0;
  return { customer, subscription, session };
}

async function act(session: Stripe.BillingPortal.Session, action: string, fields: Record<string, string>) {
  const response = await fetch(`${session.url}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  await emulator.idle();
  return response;
}

const types = () => receiver.events().map((e) => e.type);

describe("portal page", () => {
  it("shows the plan, renewal date, same-interval switches, cancel, and the return link", async () => {
    const { session } = await setup();
    const html = await (await fetch(session.url)).text();
    expect(html).toContain("portal-pro_monthly@example.com");
    expect(html).toContain("Pro");
    expect(html).toContain("Renews on");
    expect(html).toContain("Switch to Studio ($49.00 per month)");
    expect(html).toContain("Switch to Enterprise ($199.00 per month)");
    expect(html).not.toContain("per year)");
    expect(html).toContain("Cancel plan");
    expect(html).toContain('href="http://localhost:3000/billing"');
    expect(html).toContain("Return to app");
  });

  it("switch plan: customer.subscription.updated with the previous items", async () => {
    const { subscription, session } = await setup();
    const response = await act(session, "switch", { subscription: subscription.id, price: "price_local_studio_monthly" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/portal/${session.id}?done=switch`);
    expect(types()).toEqual(["customer.subscription.updated"]);
    const event = receiver.events()[0] as Stripe.Event;
    const updated = event.data.object as Stripe.Subscription;
    expect(updated.items.data[0]?.price.id).toBe("price_local_studio_monthly");
    const previous = event.data.previous_attributes as { items: { data: Stripe.SubscriptionItem[] } };
    expect(previous.items.data[0]?.price.id).toBe("price_local_pro_monthly");
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe("price_local_studio_monthly");
    expect(await (await fetch(`${emulator.url}${response.headers.get("location")}`)).text()).toContain("Your plan has been updated.");
  });

  it("refuses a switch to another interval or someone else's subscription", async () => {
    const { subscription, session } = await setup();
    expect((await act(session, "switch", { subscription: subscription.id, price: "price_local_studio_yearly" })).status).toBe(400);
    const other = await setup("studio_monthly");
    expect((await act(session, "cancel", { subscription: other.subscription.id })).status).toBe(404);
    expect(receiver.received).toEqual([]);
  });

  it("cancel at period end, then resume", async () => {
    const { subscription, session } = await setup();
    const periodEnd = subscription.items.data[0]?.current_period_end;
    expect((await act(session, "cancel", { subscription: subscription.id })).status).toBe(303);
    const [canceling] = receiver.events();
    expect(canceling?.type).toBe("customer.subscription.updated");
    expect(canceling?.data.object).toMatchObject({ status: "active", cancel_at_period_end: true, cancel_at: periodEnd });
    expect(canceling?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    const page = await (await fetch(session.url)).text();
    expect(page).toContain("Cancels on");
    expect(page).toContain("Don't cancel (renew plan)");

    receiver.received.length = 0;
    expect((await act(session, "resume", { subscription: subscription.id })).status).toBe(303);
    const [resumed] = receiver.events();
    expect(resumed?.data.object).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    expect(resumed?.data.previous_attributes).toMatchObject({ cancel_at_period_end: true, cancel_at: periodEnd });
  });

  it("period end after cancel at period end: customer.subscription.deleted", async () => {
    const { subscription, session } = await setup();
    await act(session, "cancel", { subscription: subscription.id });
    receiver.received.length = 0;
    expect((await act(session, "advance", { subscription: subscription.id })).status).toBe(303);
    expect(types()).toEqual(["customer.subscription.deleted"]);
    expect(receiver.events()[0]?.data.object).toMatchObject({ id: subscription.id, status: "canceled", ended_at: subscription.items.data[0]?.current_period_end });
    expect(await (await fetch(session.url)).text()).toContain("No active subscription.");
  });

  it("period end without cancellation renews: new period and a paid invoice", async () => {
    const { subscription } = await setup();
    const item = subscription.items.data[0];
    const response = await fetch(`${emulator.url}/_emulator/subscriptions/${subscription.id}/advance_period`, { method: "POST" });
    expect(response.status).toBe(200);
    await emulator.idle();
    expect(types()).toEqual(["customer.subscription.updated", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"]);
    const renewed = receiver.events()[0]?.data.object as Stripe.Subscription;
    expect(renewed.items.data[0]?.current_period_start).toBe(item?.current_period_end);
    expect(renewed.items.data[0]?.current_period_end).toBeGreaterThan(item?.current_period_end ?? Infinity);
    const previous = receiver.events()[0]?.data.previous_attributes as { items: { data: Stripe.SubscriptionItem[] } };
    expect(previous.items.data[0]?.current_period_end).toBe(item?.current_period_end);
    const invoice = receiver.events()[3]?.data.object as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: "subscription_cycle", status: "paid", period_start: item?.current_period_start, period_end: item?.current_period_end });
  });

  it("failed renewal: invoice.payment_failed and past_due, then a retry makes it active", async () => {
    const { subscription, session } = await setup();
    expect((await act(session, "fail", { subscription: subscription.id })).status).toBe(303);
    expect(types()).toEqual([
      "customer.subscription.updated",
      "invoice.created",
      "invoice.finalized",
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    const failedInvoice = receiver.events()[3]?.data.object as Stripe.Invoice;
    expect(failedInvoice).toMatchObject({ status: "open", attempted: true, attempt_count: 1, amount_paid: 0, amount_remaining: 1900 });
    const pastDue = receiver.events()[4];
    expect(pastDue?.data.object).toMatchObject({ status: "past_due", latest_invoice: failedInvoice.id });
    expect(pastDue?.data.previous_attributes).toEqual({ status: "active" });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    expect(await (await fetch(session.url)).text()).toContain("Retry payment");

    receiver.received.length = 0;
    const retry = await fetch(`${emulator.url}/_emulator/subscriptions/${subscription.id}/retry_payment`, { method: "POST" });
    expect(retry.status).toBe(200);
    await emulator.idle();
    expect(types()).toEqual(["invoice.paid", "invoice.payment_succeeded", "customer.subscription.updated"]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("emulator controls refuse unknown or canceled subscriptions", async () => {
    const missing = await fetch(`${emulator.url}/_emulator/subscriptions/sub_nope/advance_period`, { method: "POST" });
    expect(missing.status).toBe(404);
    const { subscription } = await setup();
    await stripe.subscriptions.cancel(subscription.id);
    const canceled = await fetch(`${emulator.url}/_emulator/subscriptions/${subscription.id}/fail_renewal`, { method: "POST" });
    expect(canceled.status).toBe(400);
    const noInvoice = await setup();
    const retry = await fetch(`${emulator.url}/_emulator/subscriptions/${noInvoice.subscription.id}/retry_payment`, { method: "POST" });
    expect(retry.status).toBe(400);
  });
});
