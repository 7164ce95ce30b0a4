// The webhook route against Stripe's real delivery contract: payloads shaped
// as each API version a webhook endpoint may still be on renders them (see
// test-payloads.ts), signed as Stripe signs them, delivered as Stripe delivers
// them (out of order, twice, with rotated secrets), through the route handler
// Next calls, against the test stack's database and a Stripe emulator that
// answers the subscription reads invoices and checkout sessions need.
import { createHmac } from "node:crypto";
import Stripe from "stripe";
import { describe, expect, test, vi } from "vitest";
import { createUser } from "@/supabase/tests/helpers";
import { describeAuditEntry, formatDate } from "./history";
import { API_VERSIONS, checkoutSession, event, invoice, price, subscription, type ApiVersion } from "./test-payloads";
import { T0, TEST_WEBHOOK_SECRET, billingState, eventRows, signedRequest, stripeId } from "./test-support";
import { billingTestServices } from "./test-services";

vi.mock("server-only", () => ({}));
const { POST } = await import("@/app/api/webhooks/stripe/route");
const { handleStripeWebhook, MAX_WEBHOOK_BODY_BYTES } = await import("./webhook-handler");

const PINNED = Stripe.API_VERSION as ApiVersion;
const DAY = 86_400;
const services = billingTestServices("sk_test_webhook_contract", { appEnv: true });

type Delivered = { status: number; body: { outcome?: string; error?: string } };

async function deliver(payload: object | string, options: Parameters<typeof signedRequest>[1] = {}): Promise<Delivered> {
  const response = await POST(signedRequest(payload, options));
  return { status: response.status, body: (await response.json()) as Delivered["body"] };
}

async function subscriptionRow(userId: string) {
  const { rows } = await services.db.query(
    `select stripe_subscription_id as id, status, tier, stripe_price_id as price, current_period_start as start,
            current_period_end as "end", cancel_at_period_end as "atPeriodEnd", cancel_at as "cancelAt", canceled_at as "canceledAt"
     from public.subscriptions where user_id = $1`,
    [userId],
  );
  return rows[0];
}

/** A customer and subscription the emulator holds (so invoice and checkout events can read it back). */
async function stripeSubscription(userId: string | null, lookupKey = "pro_monthly") {
  const customer = await services.stripe.customers.create({ email: "zoë@example.com" });
  const [p] = (await services.stripe.prices.list({ lookup_keys: [lookupKey] })).data;
  const sub = await services.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p!.id }], ...(userId ? { metadata: { user_id: userId } } : {}) });
  return { customer: customer.id, sub };
}

describe.each(API_VERSIONS)("an endpoint on API version %s", (version) => {
  test("a subscription's life: trial, active, cancel at period end, deleted", async () => {
    const userId = await createUser(services.db);
    const f = { id: stripeId("sub"), customer: stripeId("cus"), userId, start: T0, end: T0 + 14 * DAY };
    const trial = subscription(version, { ...f, status: "trialing", trialEnd: T0 + 14 * DAY });
    const active = subscription(version, { ...f, start: T0 + 14 * DAY, end: T0 + 44 * DAY });
    const canceling = subscription(version, { ...f, start: T0 + 14 * DAY, end: T0 + 44 * DAY, cancelAtPeriodEnd: true, canceledAt: T0 + 20 * DAY });
    const ended = subscription(version, { ...f, start: T0 + 14 * DAY, end: T0 + 44 * DAY, status: "canceled", canceledAt: T0 + 20 * DAY });

    expect(await deliver(event(version, "customer.subscription.created", trial, { created: T0 }))).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "pro", status: "trialing" });
    const toActive = event(version, "customer.subscription.updated", active, { created: T0 + 14 * DAY, previousAttributes: { status: "trialing" } });
    expect((await deliver(toActive)).body.outcome).toBe("applied");
    expect(await subscriptionRow(userId)).toMatchObject({
      status: "active", tier: "pro", price: active.items.data[0]!.price.id,
      start: new Date((T0 + 14 * DAY) * 1000), end: new Date((T0 + 44 * DAY) * 1000),
    });
    const toCanceling = event(version, "customer.subscription.updated", canceling, {
      created: T0 + 20 * DAY, previousAttributes: { cancel_at: null, cancel_at_period_end: false, canceled_at: null },
    });
    expect((await deliver(toCanceling)).body.outcome).toBe("applied");
    expect(await subscriptionRow(userId)).toMatchObject({ atPeriodEnd: true, cancelAt: new Date((T0 + 44 * DAY) * 1000) });
    expect((await deliver(event(version, "customer.subscription.deleted", ended, { created: T0 + 44 * DAY }))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "free", status: "canceled", subscription: { status: "canceled" } });
  });

  test.each(["invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed"])("%s applies the invoice's subscription", async (type) => {
    const userId = await createUser(services.db);
    const { customer, sub } = await stripeSubscription(userId, "studio_monthly");
    const result = await deliver(event(version, type, invoice(version, { customer, subscription: sub.id, userId, paid: type !== "invoice.payment_failed" })));
    expect(result).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "studio", status: "active", customer, subscription: { id: sub.id } });
  });
});

describe("invoices", () => {
  test("an invoice from a quote names its subscription on its lines only", async () => {
    const userId = await createUser(services.db);
    const { customer, sub } = await stripeSubscription(userId);
    const fromQuote = { ...invoice(PINNED, { customer, subscription: sub.id }), parent: { type: "quote_details", quote_details: { quote: stripeId("qt") }, subscription_details: null } };
    expect((await deliver(event(PINNED, "invoice.paid", fromQuote))).body.outcome).toBe("applied");
    expect((await billingState(services.db, userId)).subscription?.id).toBe(sub.id);
  });

  test("an invoice whose subscription Stripe no longer has: 200, the customer link only", async () => {
    const userId = await createUser(services.db);
    const customer = stripeId("cus");
    await services.db.query("insert into public.billing_customers (user_id, stripe_customer_id) values ($1, $2)", [userId, customer]);
    const gone = event(PINNED, "invoice.payment_failed", invoice(PINNED, { customer, subscription: stripeId("sub"), paid: false }));
    expect(await deliver(gone)).toMatchObject({ status: 200, body: { outcome: "recorded" } });
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "free", status: null, subscription: null, customer });
  });

  test("a one-off invoice (no subscription) is recorded", async () => {
    const one = { ...invoice(PINNED, { customer: stripeId("cus"), subscription: "" }), parent: null, lines: { object: "list", data: [], has_more: false } };
    expect(await deliver(event(PINNED, "invoice.paid", one))).toMatchObject({ status: 200, body: { outcome: "unmatched" } });
  });
});

describe("checkout and customers we don't know yet", () => {
  test("subscription events before checkout.session.completed: the session's client_reference_id claims the subscription", async () => {
    const userId = await createUser(services.db);
    const { customer, sub } = await stripeSubscription(null);
    // Made outside the app's Checkout (no metadata) for a customer not linked yet: nobody to apply it to.
    const created = event(PINNED, "customer.subscription.created", sub, { created: T0 });
    expect((await deliver(created)).body.outcome).toBe("unmatched");
    const session = checkoutSession({ customer, subscription: sub.id, clientReferenceId: userId });
    expect((await deliver(event(PINNED, "checkout.session.completed", session, { created: T0 + 1 }))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "pro", status: "active", customer, subscription: { id: sub.id } });
    // Later events find the user through the customer link.
    const later = subscription(PINNED, { id: sub.id, customer, cancelAtPeriodEnd: true, price: price({ id: sub.items.data[0]!.price.id }) });
    expect((await deliver(event(PINNED, "customer.subscription.updated", later, { created: T0 + 2 }))).body.outcome).toBe("applied");
    expect((await billingState(services.db, userId)).subscription?.cancelAtPeriodEnd).toBe(true);
  });

  test("Stripe is read only when the session's subscription is not stored yet; if that read fails, 500 so Stripe retries", async () => {
    const unreachable = new Stripe("sk_test_unreachable", { host: "127.0.0.1", port: 9, protocol: "http", maxNetworkRetries: 0 });
    const post = (payload: object) => handleStripeWebhook(signedRequest(payload), { stripe: unreachable, onCatalogChange: () => undefined });
    const userId = await createUser(services.db);
    const f = { id: stripeId("sub"), customer: stripeId("cus"), userId };
    await deliver(event(PINNED, "customer.subscription.created", subscription(PINNED, f)));
    const stored = event(PINNED, "checkout.session.completed", checkoutSession({ customer: f.customer, subscription: f.id, clientReferenceId: userId }), { created: T0 + 1 });
    expect((await post(stored)).status).toBe(200);
    expect((await eventRows(services.db, [stored.id]))).toEqual([{ id: stored.id, outcome: "recorded" }]);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const unknown = event(PINNED, "checkout.session.completed", checkoutSession({ customer: stripeId("cus"), subscription: stripeId("sub"), clientReferenceId: await createUser(services.db) }));
    const failed = await post(unknown);
    quiet.mockRestore();
    expect(failed.status).toBe(500);
    expect(await eventRows(services.db, [unknown.id])).toEqual([]);
  });

  test("a client_reference_id that is not our user id (a Payment Link) is not ours: 200, matched by customer or not at all", async () => {
    const session = checkoutSession({ customer: stripeId("cus"), subscription: null, clientReferenceId: "cart_8841" });
    expect(await deliver(event(PINNED, "checkout.session.completed", session))).toMatchObject({ status: 200, body: { outcome: "unmatched" } });
    const userId = await createUser(services.db);
    const { customer, sub } = await stripeSubscription(userId);
    const linked = checkoutSession({ customer, subscription: sub.id, clientReferenceId: "order-42" });
    expect((await deliver(event(PINNED, "checkout.session.completed", linked))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "pro", customer });
  });

  test("delayed payment: checkout completes unpaid, async_payment_succeeded applies the paid subscription", async () => {
    const userId = await createUser(services.db);
    const { customer, sub } = await stripeSubscription(null, "enterprise_yearly");
    const session = { ...checkoutSession({ customer, subscription: sub.id, clientReferenceId: userId }), payment_status: "unpaid" };
    expect((await deliver(event(PINNED, "checkout.session.async_payment_succeeded", { ...session, payment_status: "paid" }))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "enterprise", status: "active" });
  });

  test("customer.deleted as Stripe sends it (the whole customer) removes the link; the subscription's own deletion still applies", async () => {
    const userId = await createUser(services.db);
    const f = { id: stripeId("sub"), customer: stripeId("cus") };
    expect((await deliver(event(PINNED, "customer.subscription.created", subscription(PINNED, { ...f, userId })))).body.outcome).toBe("applied");
    const customer = { id: f.customer, object: "customer", address: null, balance: 0, created: T0, currency: "usd", deleted: true, email: "zoë@example.com", metadata: { user_id: userId }, name: "Zoë" };
    expect((await deliver(event(PINNED, "customer.deleted", customer, { created: T0 + 1 }))).body.outcome).toBe("recorded");
    const ended = subscription(PINNED, { ...f, status: "canceled", canceledAt: T0 + 1 });
    expect((await deliver(event(PINNED, "customer.subscription.deleted", ended, { created: T0 + 1 }))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "free", status: "canceled", customer: null });
  });
});

describe("prices the app does not sell", () => {
  const quiet = () => vi.spyOn(console, "warn").mockImplementation(() => undefined);

  test("another price of a plan's product (no lookup key: grandfathered, custom) sells that plan", async () => {
    const userId = await createUser(services.db);
    const custom = price({ lookupKey: null, product: "prod_local_studio", amount: 3900 });
    const sub = subscription(PINNED, { id: stripeId("sub"), customer: stripeId("cus"), userId, price: custom });
    expect((await deliver(event(PINNED, "customer.subscription.created", sub))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "studio", status: "active" });
  });

  test("an unknown product: 200, recorded with the free tier and reported", async () => {
    const warn = quiet();
    const userId = await createUser(services.db);
    const unknown = price({ lookupKey: "gold_monthly", product: stripeId("prod") });
    const sub = subscription(PINNED, { id: stripeId("sub"), customer: stripeId("cus"), userId, price: unknown });
    const result = await deliver(event(PINNED, "customer.subscription.created", sub));
    const warnings = warn.mock.calls.flat();
    warn.mockRestore();
    expect(result).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "free", status: "active", subscription: { tier: "free", id: sub.id } });
    expect((await subscriptionRow(userId)).price).toBe(unknown.id);
    expect(warnings).toEqual([expect.stringContaining(`${unknown.id} (lookup_key gold_monthly); expected a lookup_key of pro_monthly`)]);
  });

  test("a legacy plan's hand-chosen id (Plans API) is a price id too: 200 and stored", async () => {
    const warn = quiet();
    const userId = await createUser(services.db);
    const legacy = price({ id: "gold-monthly", lookupKey: null, product: stripeId("prod") });
    const sub = subscription(PINNED, { id: stripeId("sub"), customer: stripeId("cus"), userId, price: legacy });
    const result = await deliver(event(PINNED, "customer.subscription.created", sub));
    warn.mockRestore();
    expect(result).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(await subscriptionRow(userId)).toMatchObject({ price: "gold-monthly" });
  });

  test("switching to an unknown price keeps the subscription's plan", async () => {
    const warn = quiet();
    const userId = await createUser(services.db);
    const f = { id: stripeId("sub"), customer: stripeId("cus"), userId };
    await deliver(event(PINNED, "customer.subscription.created", subscription(PINNED, { ...f, price: price({ lookupKey: "studio_yearly", interval: "year" }) })));
    const unknown = price({ lookupKey: null, product: stripeId("prod") });
    const result = await deliver(event(PINNED, "customer.subscription.updated", subscription(PINNED, { ...f, price: unknown }), { created: T0 + 10 }));
    warn.mockRestore();
    expect(result.body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "studio", status: "active" });
    expect((await subscriptionRow(userId)).price).toBe(unknown.id);
  });
});

describe("subscription states", () => {
  test.each([
    ["incomplete", "free"], ["incomplete_expired", "free"], ["trialing", "pro"], ["active", "pro"],
    ["past_due", "pro"], ["unpaid", "free"], ["paused", "free"], ["canceled", "free"],
  ] as const)("%s → the user's plan is %s", async (status, tier) => {
    const userId = await createUser(services.db);
    const sub = subscription(PINNED, { id: stripeId("sub"), customer: stripeId("cus"), userId, status });
    expect((await deliver(event(PINNED, "customer.subscription.created", sub))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier, status, subscription: { status, tier: "pro" } });
  });

  test("a pending update changes nothing until pending_update_applied", async () => {
    const userId = await createUser(services.db);
    const f = { id: stripeId("sub"), customer: stripeId("cus"), userId };
    await deliver(event(PINNED, "customer.subscription.created", subscription(PINNED, f)));
    const pendingUpdate = { billing_cycle_anchor: null, expires_at: T0 + DAY, subscription_items: [{ price: price({ lookupKey: "studio_monthly" }) }], trial_end: null, trial_from_plan: null };
    const pending = subscription(PINNED, { ...f, status: "active", pendingUpdate });
    expect((await deliver(event(PINNED, "customer.subscription.updated", pending, { created: T0 + 5 }))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "pro" });
    const applied = subscription(PINNED, { ...f, price: price({ lookupKey: "studio_monthly" }) });
    expect((await deliver(event(PINNED, "customer.subscription.pending_update_applied", applied, { created: T0 + 9 }))).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "studio", status: "active" });
  });

  test("a portal cancellation that sets cancel_at (cancel_at_period_end stays false) keeps the plan until it ends", async () => {
    const userId = await createUser(services.db);
    const f = { id: stripeId("sub"), customer: stripeId("cus"), userId, end: T0 + 30 * DAY };
    await deliver(event(PINNED, "customer.subscription.created", subscription(PINNED, f)));
    const canceling = subscription(PINNED, { ...f, cancelAt: T0 + 30 * DAY, canceledAt: T0 + DAY });
    expect((await deliver(event(PINNED, "customer.subscription.updated", canceling, { created: T0 + DAY }))).body.outcome).toBe("applied");
    expect(await subscriptionRow(userId)).toMatchObject({ atPeriodEnd: false, cancelAt: new Date((T0 + 30 * DAY) * 1000), canceledAt: new Date((T0 + DAY) * 1000) });
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "pro", status: "active" });
    const { rows } = await services.db.query("select action, details from public.subscription_audit where user_id = $1 order by id desc limit 1", [userId]);
    expect(rows[0].details).toMatchObject({ cancel_at_period_end: false, price: canceling.items.data[0]!.price.id });
    expect(describeAuditEntry(rows[0].action, rows[0].details)).toBe(`Set to cancel on ${formatDate(new Date((T0 + 30 * DAY) * 1000))}`);
  });
});

describe("delivery", () => {
  const signature = (body: string, secret: string, t: number, scheme = "v1") =>
    `${scheme}=${createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")}`;

  test("during a secret rotation Stripe signs with every live secret (several v1, and a v0): any match is enough", async () => {
    const userId = await createUser(services.db);
    const body = JSON.stringify(event(PINNED, "customer.subscription.created", subscription(PINNED, { id: stripeId("sub"), customer: stripeId("cus"), userId })));
    const t = Math.floor(Date.now() / 1000);
    const header = [`t=${t}`, signature(body, "whsec_the_old_secret", t), signature(body, TEST_WEBHOOK_SECRET, t), signature(body, "whsec_v0", t, "v0")].join(",");
    expect(await deliver(body, { signature: header })).toMatchObject({ status: 200, body: { outcome: "applied" } });
    const onlyV0 = [`t=${t}`, signature(body, TEST_WEBHOOK_SECRET, t, "v0")].join(",");
    const refused = await deliver(body, { signature: onlyV0 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/signature verification failed/);
  });

  test("a thin event notification: a clear 400 (fetching it is not supported), nothing written", async () => {
    const thin = {
      id: "evt_test_65R9Ijk8TN0u5YIGvtnNlMDzyuB8gsJwAWxPSqkcRUNs", object: "v2.core.event", type: "v1.customer.subscription.updated",
      livemode: false, created: "2026-11-21T12:00:00.000Z", context: null,
      related_object: { id: stripeId("sub"), type: "subscription", url: "/v1/subscriptions/sub_x" }, reason: null,
    };
    const result = await deliver(thin);
    expect(result.status).toBe(400);
    expect(result.body.error).toMatch(/^Thin event notification v1\.customer\.subscription\.updated evt_test_\w+ refused: this endpoint reads snapshot events/);
    expect(await eventRows(services.db, [thin.id])).toEqual([]);
    expect((await deliver(thin, { secret: "whsec_not_ours" })).body.error).toMatch(/signature verification failed/);
    expect((await deliver("not json {")).body.error).toBe("Not a Stripe event: the body is not JSON.");
  });

  test("a large body with non-ASCII text (many invoice lines) is verified on its exact bytes", async () => {
    const userId = await createUser(services.db);
    const { customer, sub } = await stripeSubscription(userId);
    const big = event(PINNED, "invoice.paid", invoice(PINNED, { customer, subscription: sub.id, lines: 1200 }));
    const body = JSON.stringify(big);
    // Far more lines than Stripe puts in an event (it lists 10), yet under the route's cap.
    expect(Buffer.byteLength(body)).toBeGreaterThan(700_000);
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_WEBHOOK_BODY_BYTES);
    expect(await deliver(body)).toMatchObject({ status: 200, body: { outcome: "applied" } });
  });

  test("a checkout's events in reverse, each delivered twice: the same end state as in order", async () => {
    const userId = await createUser(services.db);
    const f = { id: stripeId("sub"), customer: stripeId("cus"), userId };
    const sequence = [
      event(PINNED, "customer.subscription.created", subscription(PINNED, { ...f, status: "incomplete" }), { created: T0 }),
      event(PINNED, "customer.subscription.updated", subscription(PINNED, f), { created: T0, previousAttributes: { status: "incomplete" } }),
      // Invoices and the session name a subscription Stripe (here: the emulator) doesn't have: recorded only.
      event(PINNED, "invoice.paid", invoice(PINNED, { customer: f.customer, subscription: f.id }), { created: T0 }),
      event(PINNED, "checkout.session.completed", checkoutSession({ customer: f.customer, subscription: f.id, clientReferenceId: userId }), { created: T0 + 1 }),
      event(PINNED, "customer.subscription.updated", subscription(PINNED, { ...f, price: price({ lookupKey: "studio_monthly" }) }), { created: T0 + 60 }),
      event(PINNED, "customer.subscription.updated", subscription(PINNED, { ...f, price: price({ lookupKey: "studio_monthly" }), cancelAtPeriodEnd: true }), { created: T0 + 120 }),
    ];
    const outcomes = new Map<string, string[]>();
    for (const e of [...sequence].reverse().flatMap((e) => [e, e])) {
      const result = await deliver(e);
      expect(result.status).toBe(200);
      outcomes.set(e.id, [...(outcomes.get(e.id) ?? []), result.body.outcome!]);
    }
    expect(sequence.map((e) => outcomes.get(e.id))).toEqual([
      ["stale", "duplicate"], ["stale", "duplicate"], ["recorded", "duplicate"], ["recorded", "duplicate"], ["stale", "duplicate"], ["applied", "duplicate"],
    ]);
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "studio", status: "active", subscription: { cancelAtPeriodEnd: true, lastEvent: sequence[5]!.id } });
    expect((await eventRows(services.db, sequence.map((e) => e.id))).length).toBe(6);
  });
});
