// Hosted checkout end to end over HTTP: the app creates a session with the
// SDK, the browser opens the page and pays, the emulator redirects to
// success_url and posts signed events that a real receiver verifies.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STRIPE_API_VERSION } from "./api-version.ts";
import { DECLINE_CARD, DECLINE_MESSAGE, SUCCESS_CARD } from "./pages/checkout.ts";
import type { RunningStripeEmulator } from "./server.ts";
import { sdkFor, startTestEmulator, startWebhookReceiver, type WebhookReceiver } from "./test-support.ts";

let receiver: WebhookReceiver;
let emulator: RunningStripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startWebhookReceiver("whsec_checkout_test_secret");
  emulator = await startTestEmulator({ webhookUrl: receiver.url, webhookSecret: "whsec_checkout_test_secret" });
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

async function openSession(customer?: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    ...(customer ? { customer } : { customer_email: "newbie@example.com" }),
    line_items: [{ price: "price_local_pro_monthly", quantity: 1 }],
    client_reference_id: "user-7",
    subscription_data: { metadata: { user_id: "user-7" } },
    success_url: "http://localhost:3000/billing?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/billing?canceled=1",
  });
}

const pay = (session: Stripe.Checkout.Session, card: string) =>
  fetch(`${session.url}/pay`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card }).toString(),
    redirect: "manual",
  });

describe("hosted checkout", () => {
  it("shows the plan, amount, email, both cards and the cancel link", async () => {
    const customer = await stripe.customers.create({ email: "page@example.com" });
    const session = await openSession(customer.id);
    const response = await fetch(session.url ?? "");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain("Pro");
    expect(html).toContain("$19.00");
    expect(html).toContain("per month");
    expect(html).toContain("page@example.com");
    expect(html).toContain("Pay with 4242 4242 4242 4242 (succeeds)");
    expect(html).toContain("Pay with 4000 0000 0000 0002 (declined)");
    expect(html).toContain('href="http://localhost:3000/billing?canceled=1"');
  });

  it("success card: 303 to success_url with the id, then the events in Stripe's order, each verified", async () => {
    const customer = await stripe.customers.create({ email: "payer@example.com" });
    await emulator.idle();
    receiver.received.length = 0;
    const session = await openSession(customer.id);

    const response = await pay(session, SUCCESS_CARD);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://localhost:3000/billing?session_id=${session.id}`);

    const events = await receiver.waitForEvents(7);
    expect(receiver.received.every((d) => d.error === null)).toBe(true);
    expect(events.map((e) => e.type)).toEqual([
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "customer.subscription.updated",
      "invoice.paid",
      "invoice.payment_succeeded",
      "checkout.session.completed",
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ object: "event", api_version: STRIPE_API_VERSION, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null } });
      expect(event.id).toMatch(/^evt_/);
    }
    const [created, invoiceCreated, finalized, activated, paid, succeeded, completed] = events as [Stripe.Event, ...Stripe.Event[]];

    const createdSub = created.data.object as Stripe.Subscription;
    expect(createdSub).toMatchObject({ status: "incomplete", customer: customer.id, metadata: { user_id: "user-7" } });
    const item = createdSub.items.data[0];
    expect(item?.price.id).toBe("price_local_pro_monthly");
    expect(item?.current_period_start).toEqual(expect.any(Number));
    expect(item?.current_period_end).toBeGreaterThan(item?.current_period_start ?? Infinity);

    expect((invoiceCreated?.data.object as Stripe.Invoice).status).toBe("draft");
    expect((finalized?.data.object as Stripe.Invoice).status).toBe("open");
    expect(activated?.data.object).toMatchObject({ id: createdSub.id, status: "active" });
    expect(activated?.data.previous_attributes).toEqual({ status: "incomplete" });
    const paidInvoice = paid?.data.object as Stripe.Invoice;
    expect(paidInvoice).toMatchObject({ status: "paid", amount_paid: 1900, customer: customer.id, billing_reason: "subscription_create" });
    expect(paidInvoice.parent?.subscription_details).toMatchObject({ subscription: createdSub.id, metadata: { user_id: "user-7" } });
    expect((succeeded?.data.object as Stripe.Invoice).id).toBe(paidInvoice.id);

    const done = completed?.data.object as Stripe.Checkout.Session;
    expect(done).toMatchObject({ id: session.id, status: "complete", payment_status: "paid", subscription: createdSub.id, customer: customer.id, client_reference_id: "user-7", invoice: paidInvoice.id, url: null });

    const retrieved = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(retrieved.status).toBe("complete");
    const subscription = retrieved.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({ status: "active", latest_invoice: paidInvoice.id });
    expect((await stripe.invoices.retrieve(paidInvoice.id)).status).toBe("paid");
    const invoicePage = await fetch(paidInvoice.hosted_invoice_url ?? "");
    expect(invoicePage.status).toBe(200);
    expect(await invoicePage.text()).toContain("$19.00");
  });

  it("the completed page says so and paying again is refused", async () => {
    const customer = await stripe.customers.create({ email: "twice@example.com" });
    const session = await openSession(customer.id);
    expect((await pay(session, SUCCESS_CARD)).status).toBe(303);
    const again = await pay(session, SUCCESS_CARD);
    expect(again.status).toBe(409);
    expect(await (await fetch(session.url ?? "")).text()).toContain("already complete");
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(1);
  });

  it("declining card: stays on the page with Stripe's message, creates nothing, sends nothing", async () => {
    const customer = await stripe.customers.create({ email: "declined@example.com" });
    await emulator.idle();
    receiver.received.length = 0;
    const session = await openSession(customer.id);
    const response = await pay(session, DECLINE_CARD);
    expect(response.status).toBe(402);
    const html = await response.text();
    expect(html).toContain(DECLINE_MESSAGE);
    expect(html).toContain("Pay with 4242 4242 4242 4242 (succeeds)");
    await emulator.idle();
    expect(receiver.received).toEqual([]);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toEqual([]);
    // The customer can still pay with the other card afterwards.
    expect((await pay(session, SUCCESS_CARD)).status).toBe(303);
  });

  it("without a customer, checkout creates one from customer_email first", async () => {
    const session = await openSession();
    expect((await pay(session, SUCCESS_CARD)).status).toBe(303);
    const events = await receiver.waitForEvents(8);
    expect(events[0]?.type).toBe("customer.created");
    const customer = events[0]?.data.object as Stripe.Customer;
    expect(customer.email).toBe("newbie@example.com");
    const completed = events.at(-1)?.data.object as Stripe.Checkout.Session;
    expect(completed.customer).toBe(customer.id);
  });

  it("404s an unknown session page", async () => {
    expect((await fetch(`${emulator.url}/checkout/cs_test_unknown`)).status).toBe(404);
  });

  it("expires an open session", async () => {
    const session = await openSession();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe("expired");
    expect((await pay(session, SUCCESS_CARD)).status).toBe(409);
  });
});
