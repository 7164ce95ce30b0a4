// The real `stripe` SDK against the emulator: each call the app makes, the
// error shapes for bad input, pagination, lookup keys, expand, idempotency.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STRIPE_API_VERSION } from "./api-version.ts";
import { CATALOG_LOOKUP_KEYS } from "./catalog.ts";
import type { RunningStripeEmulator } from "./server.ts";
import { sdkFor, startTestEmulator } from "./test-support.ts";

let emulator: RunningStripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startTestEmulator();
  stripe = sdkFor(emulator);
});
afterAll(() => emulator.stop());

/** Runs a call that must fail and returns the SDK's error. */
async function failure(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

async function raw(path: string, init: RequestInit = {}) {
  const response = await fetch(`${emulator.url}${path}`, {
    ...init,
    headers: { authorization: "Bearer sk_test_raw", "content-type": "application/x-www-form-urlencoded", ...init.headers },
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe("authentication and protocol", () => {
  it("refuses a missing key with 401 and Stripe's message", async () => {
    const response = await fetch(`${emulator.url}/v1/customers`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^You did not provide an API key/);
  });

  it("refuses a key that is not a test secret key, and the SDK raises StripeAuthenticationError", async () => {
    const error = await failure(sdkFor(emulator, "sk_live_notallowed123456").customers.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.statusCode).toBe(401);
    expect(error.message).toMatch(/^Invalid API Key provided: sk_live_\*+3456$/);
  });

  it("echoes Stripe-Version and gives every response a request id", async () => {
    const pinned = await raw("/v1/customers", { headers: { "stripe-version": STRIPE_API_VERSION } });
    expect(pinned.headers.get("stripe-version")).toBe(STRIPE_API_VERSION);
    expect(pinned.headers.get("request-id")).toMatch(/^req_/);
    const other = await raw("/v1/customers", { headers: { "stripe-version": "2024-06-20" } });
    expect(other.status).toBe(200);
    expect(other.headers.get("stripe-version")).toBe("2024-06-20");
    const bad = await raw("/v1/customers", { headers: { "stripe-version": "yesterday" } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { type: "invalid_request_error", message: "Invalid Stripe API version: yesterday" } });
  });

  it("pins the SDK's API version", () => {
    expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
  });

  it("answers unknown URLs with 404 in Stripe's shape", async () => {
    const response = await raw("/v1/charges/ch_123");
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringMatching(/^Unrecognized request URL \(GET: \/v1\/charges\/ch_123\)/) } });
  });
});

describe("customers", () => {
  it("creates, retrieves, updates and lists by email", async () => {
    const created = await stripe.customers.create({ email: "ada@example.com", name: "Ada", metadata: { user_id: "user-1" } });
    expect(created).toMatchObject({ object: "customer", email: "ada@example.com", name: "Ada", livemode: false, metadata: { user_id: "user-1" } });
    expect(created.id).toMatch(/^cus_\w{24}$/);
    expect(created.created).toBeGreaterThan(1_700_000_000);
    expect(created.created).toBeLessThan(Date.now() / 1000 + 1);

    const updated = await stripe.customers.update(created.id, { name: "Ada L.", metadata: { plan: "pro", user_id: "" } });
    expect(updated.name).toBe("Ada L.");
    expect(updated.metadata).toEqual({ plan: "pro" });
    expect(await stripe.customers.retrieve(created.id)).toEqual(updated);

    await stripe.customers.create({ email: "someone-else@example.com" });
    const byEmail = await stripe.customers.list({ email: "ada@example.com" });
    expect(byEmail.object).toBe("list");
    expect(byEmail.url).toBe("/v1/customers");
    expect(byEmail.data.map((c) => c.id)).toEqual([created.id]);
  });

  it("searches by email and metadata", async () => {
    const customer = await stripe.customers.create({ email: "search@example.com", metadata: { user_id: "user-search" } });
    const found = await stripe.customers.search({ query: "metadata['user_id']:'user-search' AND email:'search@example.com'" });
    expect(found.object).toBe("search_result");
    expect(found.data.map((c) => c.id)).toEqual([customer.id]);
    const none = await stripe.customers.search({ query: "email:'nobody@example.com'" });
    expect(none.data).toEqual([]);
  });

  it("deletes: retrieve then returns the deleted stub and list omits it", async () => {
    const customer = await stripe.customers.create({ email: "gone@example.com" });
    const deleted = await stripe.customers.del(customer.id);
    expect(deleted).toEqual({ id: customer.id, object: "customer", deleted: true });
    expect(await stripe.customers.retrieve(customer.id)).toEqual({ id: customer.id, object: "customer", deleted: true });
    expect((await stripe.customers.list({ email: "gone@example.com" })).data).toEqual([]);
    const error = await failure(stripe.customers.update(customer.id, { name: "x" }));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
  });

  it("rejects an invalid email with the parameter named, and writes nothing", async () => {
    const before = (await stripe.customers.list({ limit: 100 })).data.length;
    const error = await failure(stripe.customers.create({ email: "not-an-email" }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe("email");
    expect((await stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });

  it("404s an unknown customer with resource_missing", async () => {
    const error = await failure(stripe.customers.retrieve("cus_doesnotexist"));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe("resource_missing");
    expect(error.message).toBe("No such customer: 'cus_doesnotexist'");
  });
});

describe("pagination", () => {
  it("pages newest first with limit, starting_after, ending_before and has_more", async () => {
    const mark = `page-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await stripe.customers.create({ email: `${mark}@example.com` })).id);
    const newestFirst = [...ids].reverse();

    const first = await stripe.customers.list({ email: `${mark}@example.com`, limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ email: `${mark}@example.com`, limit: 2, starting_after: newestFirst[1] });
    expect(second.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));
    const last = await stripe.customers.list({ email: `${mark}@example.com`, limit: 2, starting_after: newestFirst[3] });
    expect(last.data.map((c) => c.id)).toEqual(newestFirst.slice(4));
    expect(last.has_more).toBe(false);
    const before = await stripe.customers.list({ email: `${mark}@example.com`, limit: 2, ending_before: newestFirst[4] });
    expect(before.data.map((c) => c.id)).toEqual(newestFirst.slice(2, 4));

    const all: string[] = [];
    for await (const customer of stripe.customers.list({ email: `${mark}@example.com`, limit: 2 })) all.push(customer.id);
    expect(all).toEqual(newestFirst);
  });

  it("rejects a limit over 100 and an unknown cursor", async () => {
    const tooMany = await failure(stripe.customers.list({ limit: 101 }));
    expect(tooMany.param).toBe("limit");
    expect(tooMany.statusCode).toBe(400);
    const unknown = await failure(stripe.customers.list({ starting_after: "cus_nope" }));
    expect(unknown.param).toBe("starting_after");
  });
});

describe("products and prices", () => {
  it("seeds every catalogue lookup key once, with tier metadata", async () => {
    const prices = await stripe.prices.list({ lookup_keys: [...CATALOG_LOOKUP_KEYS], limit: 100 });
    expect(prices.data.map((p) => p.lookup_key).sort()).toEqual([...CATALOG_LOOKUP_KEYS].sort());
    for (const price of prices.data) {
      expect(price).toMatchObject({ object: "price", active: true, currency: "usd", type: "recurring", livemode: false });
      expect(price.metadata.tier).toBe(price.lookup_key?.split("_")[0]);
      expect(price.recurring?.interval).toBe(price.lookup_key?.endsWith("_monthly") ? "month" : "year");
      expect(Number.isInteger(price.unit_amount)).toBe(true);
    }
  });

  it("filters by lookup_keys and expands data.product", async () => {
    const prices = await stripe.prices.list({ lookup_keys: ["pro_monthly", "studio_yearly"], expand: ["data.product"] });
    expect(prices.data.map((p) => p.lookup_key).sort()).toEqual(["pro_monthly", "studio_yearly"]);
    const pro = prices.data.find((p) => p.lookup_key === "pro_monthly");
    expect(pro?.unit_amount).toBe(1900);
    expect(pro?.product).toMatchObject({ object: "product", name: "Pro", metadata: { tier: "pro" } });
  });

  it("filters by active and product; retrieves prices and products", async () => {
    const studio = await stripe.products.retrieve("prod_local_studio");
    expect(studio).toMatchObject({ name: "Studio", active: true, metadata: { tier: "studio" } });
    const studioPrices = await stripe.prices.list({ product: studio.id, active: true });
    expect(studioPrices.data.map((p) => p.lookup_key).sort()).toEqual(["studio_monthly", "studio_yearly"]);
    const price = await stripe.prices.retrieve("price_local_enterprise_yearly", { expand: ["product"] });
    expect(price.unit_amount).toBe(199000);
    expect((price.product as Stripe.Product).name).toBe("Enterprise");
    expect((await stripe.products.list({ active: true })).data).toHaveLength(3);
    const inactive = await stripe.prices.list({ active: false });
    expect(inactive.data).toEqual([]);
  });

  it("refuses to expand a field that is not a reference", async () => {
    const error = await failure(stripe.prices.retrieve("price_local_pro_monthly", { expand: ["currency"] }));
    expect(error.param).toBe("expand");
    expect(error.message).toMatch(/This property cannot be expanded \(currency\)/);
  });
});

describe("idempotency keys", () => {
  it("replays the first response for the same key and parameters, creating one object", async () => {
    const key = `idem-${Date.now()}`;
    const first = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    const second = await stripe.customers.create({ email: "idem@example.com" }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.list({ email: "idem@example.com" })).data).toHaveLength(1);
  });

  it("refuses the same key with different parameters (StripeIdempotencyError)", async () => {
    const key = `idem-conflict-${Date.now()}`;
    await stripe.customers.create({ email: "one@example.com" }, { idempotencyKey: key });
    const error = await failure(stripe.customers.create({ email: "two@example.com" }, { idempotencyKey: key }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.statusCode).toBe(400);
    expect((await stripe.customers.list({ email: "two@example.com" })).data).toHaveLength(0);
  });

  it("records the key on the events the request caused", async () => {
    const key = `idem-event-${Date.now()}`;
    const customer = await stripe.customers.create({ email: "evented@example.com" }, { idempotencyKey: key });
    const events = await stripe.events.list({ type: "customer.created", limit: 100 });
    const event = events.data.find((e) => (e.data.object as Stripe.Customer).id === customer.id);
    expect(event?.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: key });
  });
});

describe("checkout and portal sessions (API side)", () => {
  it("creates a subscription-mode session with the app's parameters", async () => {
    const customer = await stripe.customers.create({ email: "buyer@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: "price_local_pro_monthly", quantity: 1 }],
      client_reference_id: "user-42",
      subscription_data: { metadata: { user_id: "user-42" } },
      success_url: "http://localhost:3000/billing?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/billing?canceled=1",
      allow_promotion_codes: true,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer: customer.id,
      client_reference_id: "user-42",
      amount_total: 1900,
      currency: "usd",
      allow_promotion_codes: true,
      subscription: null,
      success_url: "http://localhost:3000/billing?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/billing?canceled=1",
      url: `${emulator.url}/checkout/${session.id}`,
    });
    const withItems = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items", "customer"] });
    expect(withItems.line_items?.data).toEqual([expect.objectContaining({ object: "item", quantity: 1, amount_total: 1900, price: expect.objectContaining({ id: "price_local_pro_monthly" }) })]);
    expect((withItems.customer as Stripe.Customer).email).toBe("buyer@example.com");
    const lineItems = await stripe.checkout.sessions.listLineItems(session.id);
    expect(lineItems.data.map((i) => i.price?.id)).toEqual(["price_local_pro_monthly"]);
  });

  it.each([
    [{ line_items: [{ price: "price_local_pro_monthly" }], success_url: "http://x.test/ok" }, "mode", "parameter_missing"],
    [{ mode: "subscription", success_url: "http://x.test/ok" }, "line_items", "parameter_missing"],
    [{ mode: "subscription", line_items: [{ price: "price_nope", quantity: 1 }], success_url: "http://x.test/ok" }, "line_items[0][price]", "resource_missing"],
    [{ mode: "subscription", line_items: [{ quantity: 1 }], success_url: "http://x.test/ok" }, "line_items[0][price]", "parameter_missing"],
    [{ mode: "subscription", line_items: [{ price: "price_local_pro_monthly" }] }, "success_url", "parameter_missing"],
    [{ mode: "subscription", line_items: [{ price: "price_local_pro_monthly" }], success_url: "not a url" }, "success_url", "url_invalid"],
    [{ mode: "subscription", customer: "cus_missing", line_items: [{ price: "price_local_pro_monthly" }], success_url: "http://x.test/ok" }, "customer", "resource_missing"],
    [{ mode: "subscription", line_items: [{ price: "price_local_pro_monthly", quantity: "two" }], success_url: "http://x.test/ok" }, "line_items[0][quantity]", "parameter_invalid_integer"],
  ])("refuses bad checkout input %# (param %s) and creates nothing", async (params, param, code) => {
    const before = (await stripe.checkout.sessions.list({ limit: 100 })).data.length;
    const error = await failure(stripe.checkout.sessions.create(params as unknown as Stripe.Checkout.SessionCreateParams));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.type).toBe("StripeInvalidRequestError");
    expect(error.param).toBe(param);
    expect(error.code).toBe(code);
    expect(error.raw).toMatchObject({ type: "invalid_request_error" });
    expect((await stripe.checkout.sessions.list({ limit: 100 })).data.length).toBe(before);
  });

  it("creates a billing portal session for a customer", async () => {
    const customer = await stripe.customers.create({ email: "portal@example.com" });
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: "http://localhost:3000/billing" });
    expect(session.id).toMatch(/^bps_/);
    expect(session).toMatchObject({ object: "billing_portal.session", customer: customer.id, return_url: "http://localhost:3000/billing", url: `${emulator.url}/portal/${session.id}` });
    const missing = await failure(stripe.billingPortal.sessions.create({ customer: "cus_nope" }));
    expect(missing.param).toBe("customer");
    expect(missing.code).toBe("resource_missing");
  });
});

describe("subscriptions", () => {
  async function subscribed(lookupKey = "pro_monthly") {
    const customer = await stripe.customers.create({ email: `sub-${lookupKey}@example.com` });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: `price_local_${lookupKey}` }], metadata: { user_id: "u-sub" } });
    return { customer, subscription };
  }

  it("creates an active subscription with item-level periods and a paid first invoice", async () => {
    const { customer, subscription } = await subscribed();
    expect(subscription.id).toMatch(/^sub_/);
    expect(subscription).toMatchObject({ object: "subscription", status: "active", customer: customer.id, cancel_at_period_end: false, metadata: { user_id: "u-sub" } });
    expect(subscription).not.toHaveProperty("current_period_end");
    const item = subscription.items.data[0];
    expect(item?.id).toMatch(/^si_/);
    expect(item?.price.id).toBe("price_local_pro_monthly");
    expect(item?.current_period_start).toBe(subscription.start_date);
    const end = new Date((item?.current_period_start ?? 0) * 1000);
    end.setUTCMonth(end.getUTCMonth() + 1);
    expect(item?.current_period_end).toBeGreaterThanOrEqual(Math.floor(end.getTime() / 1000) - 3 * 86_400);
    expect(item?.current_period_end).toBeLessThanOrEqual(Math.floor(end.getTime() / 1000));

    const expanded = await stripe.subscriptions.retrieve(subscription.id, { expand: ["latest_invoice", "items.data.price.product", "customer"] });
    const invoice = expanded.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ object: "invoice", status: "paid", amount_paid: 1900, billing_reason: "subscription_create", customer: customer.id });
    expect(invoice.parent?.subscription_details?.subscription).toBe(subscription.id);
    expect(invoice.lines.data[0]?.pricing?.price_details?.price).toBe("price_local_pro_monthly");
    expect((expanded.items.data[0]?.price.product as Stripe.Product).name).toBe("Pro");
    expect((expanded.customer as Stripe.Customer).id).toBe(customer.id);

    expect((await stripe.invoices.retrieve(invoice.id)).id).toBe(invoice.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data.map((i) => i.id)).toEqual([invoice.id]);
  });

  it("lists by customer and status; canceled ones only on request", async () => {
    const { customer, subscription } = await subscribed("studio_monthly");
    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([subscription.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "past_due" })).data).toEqual([]);
    await stripe.subscriptions.cancel(subscription.id);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "canceled" })).data.map((s) => s.id)).toEqual([subscription.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(1);
  });

  it("switches price on the same item, keeping the period", async () => {
    const { subscription } = await subscribed();
    const item = subscription.items.data[0];
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: item?.id, price: "price_local_studio_monthly" }],
      proration_behavior: "none",
    });
    expect(updated.items.data).toHaveLength(1);
    expect(updated.items.data[0]).toMatchObject({ id: item?.id, price: { id: "price_local_studio_monthly" }, current_period_end: item?.current_period_end });
  });

  it("changing interval starts a new period and invoices it", async () => {
    const { subscription } = await subscribed();
    const item = subscription.items.data[0];
    const yearly = await stripe.subscriptions.update(subscription.id, { items: [{ id: item?.id, price: "price_local_pro_yearly" }] });
    const period = yearly.items.data[0];
    expect((period?.current_period_end ?? 0) - (period?.current_period_start ?? 0)).toBeGreaterThan(364 * 86_400);
    expect(yearly.latest_invoice).not.toBe(subscription.latest_invoice);
    const invoice = await stripe.invoices.retrieve(yearly.latest_invoice as string);
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "paid", amount_paid: 19000 });
  });

  it("sets and clears cancel_at_period_end, metadata and pause_collection", async () => {
    const { subscription } = await subscribed();
    const end = subscription.items.data[0]?.current_period_end;
    const canceling = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true, metadata: { reason: "too pricey" } });
    expect(canceling).toMatchObject({ cancel_at_period_end: true, cancel_at: end, status: "active", metadata: { user_id: "u-sub", reason: "too pricey" } });
    expect(canceling.canceled_at).toEqual(expect.any(Number));
    expect(canceling.cancellation_details?.reason).toBe("cancellation_requested");
    const resumed = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    const paused = await stripe.subscriptions.update(subscription.id, { pause_collection: { behavior: "void" } });
    expect(paused.pause_collection).toEqual({ behavior: "void", resumes_at: null });
    const unpaused = await stripe.subscriptions.update(subscription.id, { pause_collection: "" });
    expect(unpaused.pause_collection).toBeNull();
  });

  it("cancels immediately with DELETE", async () => {
    const { subscription } = await subscribed();
    const canceled = await stripe.subscriptions.cancel(subscription.id);
    expect(canceled).toMatchObject({ status: "canceled", ended_at: expect.any(Number), canceled_at: expect.any(Number) });
    const again = await failure(stripe.subscriptions.cancel(subscription.id));
    expect(again.statusCode).toBe(404);
    const update = await failure(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true }));
    expect(update.statusCode).toBe(400);
  });

  it("pauses and resumes", async () => {
    const { subscription } = await subscribed();
    expect((await stripe.subscriptions.pause(subscription.id)).status).toBe("paused");
    const resumed = await stripe.subscriptions.resume(subscription.id);
    expect(resumed.status).toBe("active");
  });

  it("refuses bad updates and writes nothing", async () => {
    const { subscription } = await subscribed();
    const before = JSON.stringify(await stripe.subscriptions.retrieve(subscription.id));
    const unknownPrice = await failure(stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]?.id, price: "price_zzz" }] }));
    expect(unknownPrice).toMatchObject({ statusCode: 400, code: "resource_missing", param: "items[0][price]" });
    const unknownItem = await failure(stripe.subscriptions.update(subscription.id, { items: [{ id: "si_nope", price: "price_local_studio_monthly" }] }));
    expect(unknownItem).toMatchObject({ statusCode: 400, param: "items[0][id]" });
    const mixed = await failure(stripe.subscriptions.update(subscription.id, { items: [{ price: "price_local_studio_yearly" }] }));
    expect(mixed).toMatchObject({ statusCode: 400, param: "items" });
    const badBool = await failure(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: "maybe" as unknown as boolean }));
    expect(badBool).toMatchObject({ statusCode: 400, code: "parameter_invalid_boolean", param: "cancel_at_period_end" });
    expect(JSON.stringify(await stripe.subscriptions.retrieve(subscription.id))).toBe(before);
    const missingCustomer = await failure(stripe.subscriptions.create({ customer: "cus_nope", items: [{ price: "price_local_pro_monthly" }] }));
    expect(missingCustomer).toMatchObject({ statusCode: 400, param: "customer", code: "resource_missing" });
  });

  it("404s an unknown subscription", async () => {
    const error = await failure(stripe.subscriptions.retrieve("sub_nope"));
    expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", message: "No such subscription: 'sub_nope'" });
  });

  it("deleting a customer cancels their subscriptions", async () => {
    const { customer, subscription } = await subscribed();
    await stripe.customers.del(customer.id);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("canceled");
  });
});

describe("events and webhook endpoints", () => {
  it("lists and retrieves events rendered in the pinned version", async () => {
    const customer = await stripe.customers.create({ email: "events@example.com" });
    await stripe.customers.update(customer.id, { name: "Renamed" });
    const updates = await stripe.events.list({ type: "customer.updated", limit: 100 });
    const event = updates.data.find((e) => (e.data.object as Stripe.Customer).id === customer.id);
    expect(event).toMatchObject({ object: "event", api_version: STRIPE_API_VERSION, livemode: false, type: "customer.updated", data: { previous_attributes: { name: null } } });
    expect(event?.id).toMatch(/^evt_/);
    expect((await stripe.events.retrieve(event?.id ?? "")).id).toBe(event?.id);
    const wildcard = await stripe.events.list({ type: "customer.*", limit: 100 });
    expect(wildcard.data.every((e) => e.type.startsWith("customer."))).toBe(true);
  });

  it("creates, lists, updates and deletes webhook endpoints", async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/hook", enabled_events: ["customer.created"] });
    expect(endpoint.id).toMatch(/^we_/);
    expect(endpoint.secret).toBe(emulator.webhookSecret);
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toContain(endpoint.id);
    const disabled = await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect(disabled.status).toBe("disabled");
    expect(await stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ id: endpoint.id, deleted: true });
    const missing = await failure(stripe.webhookEndpoints.create({ url: "http://127.0.0.1:9/hook" } as Stripe.WebhookEndpointCreateParams));
    expect(missing.param).toBe("enabled_events");
  });
});
