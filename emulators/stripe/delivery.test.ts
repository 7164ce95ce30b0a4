// Webhook delivery: Stripe's signature scheme, retries with backoff,
// per-endpoint ordering, registered endpoints, the delivery log, and state
// that survives a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { sdkFor, startTestEmulator, startWebhookReceiver } from "./test-support.ts";
import type { DeliveryRecord } from "./webhooks/delivery.ts";
import { LOCAL_WEBHOOK_SECRET, signatureHeader } from "./webhooks/signing.ts";

const verifier = new Stripe("sk_test_verifier");
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(options: { retryDelaysMs?: number[]; webhookUrl?: string | null; deliveryTimeoutMs?: number } = {}) {
  const receiver = await startWebhookReceiver(LOCAL_WEBHOOK_SECRET);
  cleanup.push(() => receiver.close());
  const emulator = await startTestEmulator({
    webhookUrl: options.webhookUrl === undefined ? receiver.url : options.webhookUrl,
    ...(options.retryDelaysMs && { retryDelaysMs: options.retryDelaysMs }),
    ...(options.deliveryTimeoutMs && { deliveryTimeoutMs: options.deliveryTimeoutMs }),
  });
  cleanup.push(() => emulator.stop());
  return { receiver, emulator, stripe: sdkFor(emulator) };
}

describe("signatures", () => {
  it("matches the SDK's own test header and is accepted by constructEvent", () => {
    const payload = JSON.stringify({ id: "evt_1", object: "event" });
    const timestamp = 1_750_000_000;
    expect(signatureHeader(payload, "whsec_x", timestamp)).toBe(verifier.webhooks.generateTestHeaderString({ payload, secret: "whsec_x", timestamp }));
    expect(verifier.webhooks.constructEvent(payload, signatureHeader(payload, "whsec_x"), "whsec_x").id).toBe("evt_1");
  });

  it("uses the fixed local secret by default and STRIPE_WEBHOOK_SECRET when set", async () => {
    const byDefault = await startTestEmulator();
    cleanup.push(() => byDefault.stop());
    expect(byDefault.webhookSecret).toBe(LOCAL_WEBHOOK_SECRET);
    expect(LOCAL_WEBHOOK_SECRET).toMatch(/^whsec_/);
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_from_env";
    try {
      const fromEnv = await startTestEmulator();
      cleanup.push(() => fromEnv.stop());
      expect(fromEnv.webhookSecret).toBe("whsec_from_env");
    } finally {
      delete process.env.STRIPE_WEBHOOK_SECRET;
    }
  });

  it("a delivered payload verifies, but a tampered body, another secret or a stale timestamp does not", async () => {
    const { receiver, emulator, stripe } = await setup();
    await stripe.customers.create({ email: "signed@example.com" });
    await emulator.idle();
    const [delivery] = receiver.received;
    expect(delivery?.error).toBeNull();
    expect(delivery?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const body = delivery?.rawBody ?? "";
    const header = delivery?.signature ?? "";
    expect(JSON.parse(body)).toMatchObject({ type: "customer.created", data: { object: { email: "signed@example.com" } } });

    const tampered = body.replace("signed@example.com", "attacker@example.com");
    expect(() => verifier.webhooks.constructEvent(tampered, header, LOCAL_WEBHOOK_SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => verifier.webhooks.constructEvent(body, header, "whsec_other")).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const stale = signatureHeader(body, LOCAL_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600);
    expect(() => verifier.webhooks.constructEvent(body, stale, LOCAL_WEBHOOK_SECRET)).toThrow(/Timestamp outside the tolerance zone/);
  });
});

describe("retries", () => {
  it("retries a 500 and stops at the first 2xx; the log shows both attempts", async () => {
    const { receiver, emulator, stripe } = await setup({ retryDelaysMs: [30, 30] });
    receiver.respondWith((_delivery, index) => (index === 0 ? 500 : 200));
    const customer = await stripe.customers.create({ email: "retry@example.com" });
    await emulator.idle();
    expect(receiver.received.map((d) => d.status)).toEqual([500, 200]);
    expect(receiver.received[0]?.event?.id).toBe(receiver.received[1]?.event?.id);
    const log = emulator.deliveries();
    expect(log.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    expect(log[0]?.next_retry_in_ms).toBe(30);
    expect(log[1]?.next_retry_in_ms).toBeNull();
    expect((log[1]?.at ?? 0) - (log[0]?.at ?? 0)).toBeGreaterThanOrEqual(25);

    const event = (await stripe.events.list({ type: "customer.created" })).data.find((e) => (e.data.object as Stripe.Customer).id === customer.id);
    expect(event?.pending_webhooks).toBe(0);

    const viaHttp = (await (await fetch(`${emulator.url}/_emulator/deliveries?event_id=${event?.id}`)).json()) as { data: DeliveryRecord[] };
    expect(viaHttp.data.map((d) => d.status)).toEqual([500, 200]);
  });

  it("gives up after the last attempt and moves on to the next event", async () => {
    const { receiver, emulator, stripe } = await setup({ retryDelaysMs: [10, 10] });
    receiver.respondWith((_delivery, index) => (index < 3 ? 503 : 200));
    await stripe.customers.create({ email: "first@example.com" });
    await stripe.customers.create({ email: "second@example.com" });
    await emulator.idle();
    expect(receiver.received.map((d) => d.status)).toEqual([503, 503, 503, 200]);
    expect(receiver.events().map((e) => (e.data.object as Stripe.Customer).email)).toEqual(["second@example.com"]);
    const first = emulator.deliveries().filter((d) => d.attempt > 0 && !d.ok);
    expect(first.map((d) => d.attempt)).toEqual([1, 2, 3]);
    expect(first.at(-1)?.next_retry_in_ms).toBeNull();
  });

  it("treats an unreachable endpoint and a redirect as failures", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/gone`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { emulator, stripe } = await setup({ webhookUrl: deadUrl, retryDelaysMs: [5] });
    await stripe.customers.create({ email: "nobody-home@example.com" });
    await emulator.idle();
    expect(emulator.deliveries().map((d) => [d.status, d.ok, d.error !== null])).toEqual([
      [null, false, true],
      [null, false, true],
    ]);

    const redirecting = createServer((_req, res) => res.writeHead(302, { location: "http://example.com" }).end());
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
    cleanup.push(() => new Promise<void>((resolve) => redirecting.close(() => resolve())));
    const second = await setup({ webhookUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`, retryDelaysMs: [] });
    await second.stripe.customers.create({ email: "redirected@example.com" });
    await second.emulator.idle();
    expect(second.emulator.deliveries().map((d) => [d.status, d.ok])).toEqual([[302, false]]);
  });
});

describe("queueing and ordering", () => {
  it("delivers one event at a time per endpoint, in creation order, without delaying the API response", async () => {
    // The receiver holds its first response until both API calls have
    // returned. If an API response waited for a delivery, the calls would
    // never return and the test would time out; no wall-clock limit involved.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let requests = 0;
    let acknowledged = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const seen: string[] = [];
    const slow = createServer((req, res) => {
      const index = requests++;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push((JSON.parse(Buffer.concat(chunks).toString()) as { type: string }).type);
        const respond = () => {
          inFlight -= 1;
          acknowledged += 1;
          res.writeHead(200).end();
        };
        if (index === 0) void firstHeld.then(respond);
        else setTimeout(respond, 60);
      });
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          releaseFirst();
          slow.closeAllConnections();
          slow.close(() => resolve());
        }),
    );
    // A per-attempt timeout far beyond the test's own, so a slow machine can't
    // turn the held response into a failed attempt and a retry.
    const { emulator, stripe } = await setup({ webhookUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, deliveryTimeoutMs: 60_000 });

    const customer = await stripe.customers.create({ email: "ordered@example.com" });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_local_pro_monthly" }] });
    expect(seen.length).toBeLessThanOrEqual(1);
    expect(acknowledged).toBe(0);
    expect(emulator.deliveries()).toEqual([]);
    releaseFirst();
    await emulator.idle();
    expect(maxInFlight).toBe(1);
    expect(acknowledged).toBe(6);
    expect(emulator.deliveries().map((d) => [d.attempt, d.ok])).toEqual(Array.from({ length: 6 }, () => [1, true]));
    expect(seen).toEqual(["customer.created", "customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"]);
  });

  it("sends to endpoints registered through the API, filtered by enabled_events", async () => {
    const { emulator, stripe } = await setup({ webhookUrl: null });
    const onlyCustomers = await startWebhookReceiver(LOCAL_WEBHOOK_SECRET);
    const everything = await startWebhookReceiver(LOCAL_WEBHOOK_SECRET);
    cleanup.push(() => onlyCustomers.close(), () => everything.close());
    await stripe.webhookEndpoints.create({ url: onlyCustomers.url, enabled_events: ["customer.created", "customer.deleted"] });
    await stripe.webhookEndpoints.create({ url: everything.url, enabled_events: ["*"] });
    const customer = await stripe.customers.create({ email: "filtered@example.com" });
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_local_pro_monthly" }] });
    await emulator.idle();
    expect(onlyCustomers.events().map((e) => e.type)).toEqual(["customer.created"]);
    expect(everything.events().map((e) => e.type)).toEqual(["customer.created", "customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"]);
    expect(everything.events()[0]?.pending_webhooks).toBe(2);
  });
});

describe("persistence", () => {
  it("keeps customers, subscriptions and events in dataDir across a restart", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "stripe-emulator-"));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const first = await startTestEmulator({ dataDir });
    const stripe = sdkFor(first);
    const customer = await stripe.customers.create({ email: "persisted@example.com" });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_local_studio_yearly" }] });
    await first.stop();

    const second = await startTestEmulator({ dataDir });
    cleanup.push(() => second.stop());
    const again = sdkFor(second);
    expect((await again.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ email: "persisted@example.com" });
    expect((await again.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe("price_local_studio_yearly");
    expect((await again.events.list({ type: "customer.subscription.created" })).data).toHaveLength(1);
    expect((await again.prices.list({ lookup_keys: ["pro_monthly"] })).data).toHaveLength(1);
  });

  it("without dataDir, a restart starts empty", async () => {
    const first = await startTestEmulator();
    const customer = await sdkFor(first).customers.create({ email: "ephemeral@example.com" });
    await first.stop();
    const second = await startTestEmulator();
    cleanup.push(() => second.stop());
    await expect(sdkFor(second).customers.retrieve(customer.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});
