// The Stripe webhook route, called as Next calls it (a Request with the raw
// body), with payloads signed as Stripe signs them, against the test stack's
// database through the Supabase emulator. Each test has its own users and
// Stripe ids, so files can run in parallel on the one database.
import Stripe from "stripe";
import { describe, expect, test, vi } from "vitest";
import { createUser } from "@/supabase/tests/helpers";
import {
  T0, billingState, eventRows, signedRequest, stripeEvent, stripeId, subscriptionObject,
  type SubscriptionFields,
} from "./test-support";
import { billingTestServices } from "./test-services";

// "server-only" throws outside Next's server bundles; these modules are server code under test.
vi.mock("server-only", () => ({}));
const { POST } = await import("@/app/api/webhooks/stripe/route");
const { handleStripeWebhook } = await import("./webhook-handler");

const services = billingTestServices("sk_test_billing_tests", { appEnv: true });

async function deliver(event: object | string, options: Parameters<typeof signedRequest>[1] = {}) {
  const response = await POST(signedRequest(event, options));
  return { status: response.status, body: (await response.json()) as { outcome?: string; error?: string } };
}

/** A user with a customer id and a subscription id, and event builders for that subscription. */
async function subscriber() {
  const userId = await createUser(services.db);
  const customer = stripeId("cus");
  const id = stripeId("sub");
  const subscriptionEvent = (type: string, created: number, fields: Partial<SubscriptionFields> = {}) =>
    stripeEvent(type, subscriptionObject({ id, customer, userId, ...fields }), { created });
  return { userId, customer, id, subscriptionEvent };
}

describe("refusals: 400 and nothing written", () => {
  test("missing signature header, wrong secret, tampered body, stale timestamp", async () => {
    const { userId, subscriptionEvent } = await subscriber();
    const event = subscriptionEvent("customer.subscription.created", T0);
    const body = JSON.stringify(event);
    const tampered = body.replace('"pro_monthly"', '"studio_monthly"');

    const missing = await deliver(event, { signature: null });
    expect(missing).toEqual({ status: 400, body: { error: "Missing Stripe-Signature header." } });
    const wrongSecret = await deliver(event, { secret: "whsec_someone_elses_secret" });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.error).toMatch(/signature verification failed: No signatures found/);
    const signatureOfOriginal = signedRequest(body).headers.get("stripe-signature");
    const tamperedBody = await deliver(tampered, { signature: signatureOfOriginal });
    expect(tamperedBody.status).toBe(400);
    expect(tamperedBody.body.error).toMatch(/No signatures found/);
    const stale = await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(stale.status).toBe(400);
    expect(stale.body.error).toMatch(/Timestamp outside the tolerance zone/);

    expect(await eventRows(services.db, [event.id])).toEqual([]);
    expect(await billingState(services.db, userId)).toEqual({ tier: "free", status: null, subscription: null, customer: null, audit: [] });
  });

  test("a signed event this app cannot read names the field and writes nothing", async () => {
    // (A price the app does not sell, or a client_reference_id that is not a
    // user id, is real Stripe data and gets a 200: see webhook-contract.int.test.ts.)
    const { userId, subscriptionEvent } = await subscriber();
    const badPriceId = subscriptionEvent("customer.subscription.updated", T0, { priceId: "price_1\nDROP" });
    const badStatus = subscriptionEvent("customer.subscription.updated", T0, { status: "expired" as Stripe.Subscription.Status });

    const b = await deliver(badPriceId);
    expect(b.status).toBe(400);
    expect(b.body.error).toMatch(/items\.data\.0\.price\.id: must be a Stripe price id without control characters/);
    const c = await deliver(badStatus);
    expect(c.status).toBe(400);
    expect(c.body.error).toMatch(/data\.object status: Invalid option/);

    expect(await eventRows(services.db, [badPriceId.id, badStatus.id])).toEqual([]);
    expect((await billingState(services.db, userId)).audit).toEqual([]);
  });
});

test("an event type the app does not handle: 200, ignored, nothing written", async () => {
  for (const type of ["payment_intent.succeeded", "invoice.created", "customer.updated"]) {
    const event = stripeEvent(type, { id: stripeId("pi"), object: type.split(".")[0]! });
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, id: event.id, outcome: "ignored" } });
    expect(await eventRows(services.db, [event.id])).toEqual([]);
  }
});

describe("every handled type", () => {
  test("checkout.session.completed links the customer to the user who checked out", async () => {
    const userId = await createUser(services.db);
    const customer = stripeId("cus");
    const event = stripeEvent("checkout.session.completed", {
      id: stripeId("cs_test"), object: "checkout.session", mode: "subscription", client_reference_id: userId, customer,
      subscription: stripeId("sub"), metadata: { user_id: userId },
    });
    expect((await deliver(event)).body.outcome).toBe("recorded");
    const state = await billingState(services.db, userId);
    expect(state.customer).toBe(customer);
    expect(state.audit).toEqual([{ action: "customer_linked", event: event.id }]);
  });

  test("customer.subscription.created / updated / paused / resumed / trial_will_end / deleted", async () => {
    const { userId, id, subscriptionEvent } = await subscriber();
    const steps: [string, number, Partial<SubscriptionFields>, { tier: string; status: string }][] = [
      ["customer.subscription.created", T0, { status: "trialing" }, { tier: "pro", status: "trialing" }],
      ["customer.subscription.trial_will_end", T0 + 10, { status: "trialing" }, { tier: "pro", status: "trialing" }],
      ["customer.subscription.updated", T0 + 20, { status: "active", lookupKey: "studio_yearly" }, { tier: "studio", status: "active" }],
      ["customer.subscription.paused", T0 + 30, { status: "paused", lookupKey: "studio_yearly" }, { tier: "free", status: "paused" }],
      ["customer.subscription.resumed", T0 + 40, { status: "active", lookupKey: "studio_yearly" }, { tier: "studio", status: "active" }],
      ["customer.subscription.deleted", T0 + 50, { status: "canceled", lookupKey: "studio_yearly", canceledAt: T0 + 50 }, { tier: "free", status: "canceled" }],
    ];
    for (const [type, created, fields, expected] of steps) {
      const event = subscriptionEvent(type, created, fields);
      expect(await deliver(event), type).toEqual({ status: 200, body: { received: true, id: event.id, outcome: "applied" } });
      const state = await billingState(services.db, userId);
      expect({ tier: state.tier, status: state.status }, type).toEqual(expected);
      expect(state.subscription?.lastEvent).toBe(event.id);
    }
    const state = await billingState(services.db, userId);
    expect(state.subscription).toMatchObject({ id, status: "canceled", tier: "studio" });
    expect(state.audit.map((a) => a.action)).toEqual([
      "customer_linked", "subscription_created", "subscription_updated", "plan_changed", "status_changed", "status_changed", "subscription_canceled",
    ]);
  });

  test("period and cancellation come from the subscription item and the subscription", async () => {
    const { userId, subscriptionEvent } = await subscriber();
    const end = T0 + 365 * 86_400;
    await deliver(subscriptionEvent("customer.subscription.updated", T0, { lookupKey: "pro_yearly", periodEnd: end, cancelAtPeriodEnd: true }));
    const { rows } = await services.db.query(
      "select current_period_start, current_period_end, cancel_at_period_end, cancel_at, stripe_price_id from public.subscriptions where user_id = $1",
      [userId],
    );
    expect(rows[0]).toEqual({
      current_period_start: new Date(T0 * 1000),
      current_period_end: new Date(end * 1000),
      cancel_at_period_end: true,
      cancel_at: new Date(end * 1000),
      stripe_price_id: "price_local_pro_yearly",
    });
  });

  test("an endpoint on an API version before 2025-03-31: the period is read from the subscription itself", async () => {
    const { userId, subscriptionEvent } = await subscriber();
    const end = T0 + 30 * 86_400;
    const event = subscriptionEvent("customer.subscription.updated", T0 + 1, { periodEnd: end }) as unknown as {
      data: { object: { items: { data: Record<string, unknown>[] } } & Record<string, unknown> };
    };
    const item = event.data.object.items.data[0]!;
    event.data.object.current_period_start = item.current_period_start;
    event.data.object.current_period_end = item.current_period_end;
    delete item.current_period_start;
    delete item.current_period_end;
    expect((await deliver(event)).status).toBe(200);
    const { rows } = await services.db.query("select current_period_end from public.subscriptions where user_id = $1", [userId]);
    expect(rows[0]).toEqual({ current_period_end: new Date(end * 1000) });
  });

  test("invoice.payment_failed sets past_due and invoice.paid restores active (the subscription read from Stripe)", async () => {
    const userId = await createUser(services.db);
    const customer = await services.stripe.customers.create({ email: `${userId}@example.com`, metadata: { user_id: userId } });
    const [price] = (await services.stripe.prices.list({ lookup_keys: ["pro_monthly"] })).data;
    const subscription = await services.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price!.id }], metadata: { user_id: userId } });
    const created = (await services.stripe.events.list({ type: "customer.subscription.created" })).data.find((e) => (e.data.object as Stripe.Subscription).id === subscription.id);
    expect((await deliver(created!)).body.outcome).toBe("applied");
    expect((await billingState(services.db, userId)).status).toBe("active");

    const invoiceEvent = async (type: string) => {
      const events = await services.stripe.events.list({ type, limit: 100 });
      return events.data.find((e) => (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id)!;
    };
    await fetch(`${services.emulator.url}/_emulator/subscriptions/${subscription.id}/fail_renewal`, { method: "POST" });
    const failed = await invoiceEvent("invoice.payment_failed");
    expect((await deliver(failed)).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "pro", status: "past_due" });

    // A retry in the same second as the failure still counts: live statuses
    // share one rank in the SQL tie-break, so the later delivery wins.
    await fetch(`${services.emulator.url}/_emulator/subscriptions/${subscription.id}/retry_payment`, { method: "POST" });
    const paid = (await services.stripe.events.list({ type: "invoice.paid", limit: 100 })).data.find(
      (e) => e.created >= failed.created && (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === subscription.id,
    )!;
    expect((await deliver(paid)).body.outcome).toBe("applied");
    expect(await billingState(services.db, userId)).toMatchObject({ tier: "pro", status: "active" });
  });

  test("customer.deleted removes the customer link", async () => {
    const { userId, customer, subscriptionEvent } = await subscriber();
    await deliver(subscriptionEvent("customer.subscription.created", T0));
    const event = stripeEvent("customer.deleted", { id: customer, object: "customer", deleted: true });
    expect((await deliver(event)).body.outcome).toBe("recorded");
    const state = await billingState(services.db, userId);
    expect(state.customer).toBeNull();
    expect(state.audit.at(-1)).toEqual({ action: "customer_deleted", event: event.id });
  });

  test("product and price events expire the pricing cache and write nothing", async () => {
    const expired: string[] = [];
    for (const type of ["price.updated", "product.updated", "price.created"]) {
      const event = stripeEvent(type, { id: stripeId("price"), object: type.split(".")[0]! });
      const response = await handleStripeWebhook(signedRequest(event), { onCatalogChange: () => expired.push(type) });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ outcome: "prices_revalidated" });
      expect(await eventRows(services.db, [event.id])).toEqual([]);
    }
    expect(expired).toEqual(["price.updated", "product.updated", "price.created"]);
  });
});

test("the same event delivered 5 times at once: one applied, four duplicates, one audit row", async () => {
  const { userId, subscriptionEvent } = await subscriber();
  const event = subscriptionEvent("customer.subscription.created", T0);
  const results = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
  expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  expect(results.map((r) => r.body.outcome).sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
  const state = await billingState(services.db, userId);
  expect(state.audit.filter((a) => a.event === event.id).map((a) => a.action)).toEqual(["customer_linked", "subscription_created"]);
  expect(await eventRows(services.db, [event.id])).toEqual([{ id: event.id, outcome: "applied" }]);
});

describe("order", () => {
  test("updated before created: the newer snapshot stays, the older is recorded as stale", async () => {
    const { userId, subscriptionEvent } = await subscriber();
    const updated = subscriptionEvent("customer.subscription.updated", T0 + 20, { lookupKey: "studio_monthly" });
    const created = subscriptionEvent("customer.subscription.created", T0 + 10, { status: "incomplete" });
    expect((await deliver(updated)).body.outcome).toBe("applied");
    expect((await deliver(created)).body.outcome).toBe("stale");
    const state = await billingState(services.db, userId);
    expect(state).toMatchObject({ tier: "studio", status: "active", subscription: { tier: "studio", lastEvent: updated.id } });
    expect(await eventRows(services.db, [updated.id, created.id])).toEqual(
      [{ id: updated.id, outcome: "applied" }, { id: created.id, outcome: "stale" }].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  test("an old updated after a newer one changes nothing", async () => {
    const { userId, subscriptionEvent } = await subscriber();
    await deliver(subscriptionEvent("customer.subscription.created", T0));
    const newer = subscriptionEvent("customer.subscription.updated", T0 + 30, { cancelAtPeriodEnd: true });
    const older = subscriptionEvent("customer.subscription.updated", T0 + 5, { lookupKey: "enterprise_monthly" });
    expect((await deliver(newer)).body.outcome).toBe("applied");
    const before = await billingState(services.db, userId);
    expect((await deliver(older)).body.outcome).toBe("stale");
    expect(await billingState(services.db, userId)).toEqual(before);
    expect(before).toMatchObject({ tier: "pro", subscription: { cancelAtPeriodEnd: true, lastEvent: newer.id } });
  });
});

describe("a processing error: 500 and no partial rows", () => {
  test("the customer already belongs to another user: the whole event rolls back", async () => {
    const owner = await subscriber();
    await deliver(owner.subscriptionEvent("customer.subscription.created", T0));
    const intruder = await createUser(services.db);
    const event = stripeEvent("customer.subscription.created", subscriptionObject({ id: stripeId("sub"), customer: owner.customer, userId: intruder }));
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const result = await deliver(event);
    quiet.mockRestore();
    expect(result.status).toBe(500);
    expect(result.body.error).toMatch(/nothing was applied\. Stripe will retry/);
    expect(await eventRows(services.db, [event.id])).toEqual([]);
    expect(await billingState(services.db, intruder)).toEqual({ tier: "free", status: null, subscription: null, customer: null, audit: [] });
  });

  test("a failure at the last write undoes the event row, the subscription and the plan", async () => {
    const { userId, subscriptionEvent } = await subscriber();
    const event = subscriptionEvent("customer.subscription.created", T0);
    // Fault injection: the audit insert (the function's last write) fails for this one event.
    await services.db.query("create schema if not exists billing_test_faults");
    await services.db.query(`create or replace function billing_test_faults.fail() returns trigger language plpgsql set search_path = '' as $$
      begin raise exception 'injected failure for %', new.stripe_event_id; end $$`);
    const trigger = `fail_${event.id}`;
    await services.db.query(`create trigger "${trigger}" before insert on public.subscription_audit for each row
      when (new.stripe_event_id = '${event.id}' and new.action = 'subscription_created') execute function billing_test_faults.fail()`);
    try {
      const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const result = await deliver(event);
      quiet.mockRestore();
      expect(result.status).toBe(500);
      expect(await eventRows(services.db, [event.id])).toEqual([]);
      expect(await billingState(services.db, userId)).toEqual({ tier: "free", status: null, subscription: null, customer: null, audit: [] });
    } finally {
      await services.db.query(`drop trigger "${trigger}" on public.subscription_audit`);
    }
    // Stripe's retry then applies it in full.
    expect((await deliver(event)).body.outcome).toBe("applied");
    expect((await billingState(services.db, userId)).subscription?.lastEvent).toBe(event.id);
  });
});
