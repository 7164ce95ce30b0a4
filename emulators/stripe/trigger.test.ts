// `trigger(type)` and `npm run stripe:trigger`: each supported type creates
// what it needs and emits the requested event (with the events around it);
// unknown types and a stopped emulator fail clearly.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningStripeEmulator } from "./server.ts";
import { sdkFor, startTestEmulator, startWebhookReceiver, type WebhookReceiver } from "./test-support.ts";
import { TRIGGER_TYPES } from "./triggers.ts";
import { LOCAL_WEBHOOK_SECRET } from "./webhooks/signing.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SCRIPT = path.join(ROOT, "scripts/stripe-trigger.ts");

let receiver: WebhookReceiver;
let cliReceiver: WebhookReceiver;
let emulator: RunningStripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startWebhookReceiver(LOCAL_WEBHOOK_SECRET);
  cliReceiver = await startWebhookReceiver(LOCAL_WEBHOOK_SECRET);
  emulator = await startTestEmulator({ webhookUrl: receiver.url });
  stripe = sdkFor(emulator);
});
afterAll(async () => {
  await emulator.stop();
  await receiver.close();
  await cliReceiver.close();
});
beforeEach(async () => {
  await emulator.idle();
  receiver.received.length = 0;
  cliReceiver.received.length = 0;
});

async function cli(args: string[], apiUrl = emulator.url) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
      cwd: ROOT,
      env: { ...process.env, STRIPE_API_URL: apiUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("trigger()", () => {
  it.each(TRIGGER_TYPES.map((type) => [type]))("%s is emitted, verified by the receiver", async (type) => {
    const result = await emulator.trigger(type);
    expect(result.requested).toBe(type);
    expect(result.events.map((e) => e.type)).toContain(type);
    for (const event of result.events) expect(event.deliveries.map((d) => d.ok)).toEqual([true]);
    expect(receiver.events().map((e) => e.type)).toEqual(result.events.map((e) => e.type));
  });

  it("invoice.payment_failed leaves the subscription past_due", async () => {
    const result = await emulator.trigger("invoice.payment_failed");
    const failed = receiver.events().find((e) => e.type === "invoice.payment_failed")?.data.object as Stripe.Invoice;
    const subscriptionId = failed.parent?.subscription_details?.subscription as string;
    expect((await stripe.subscriptions.retrieve(subscriptionId)).status).toBe("past_due");
    expect(result.events.at(-1)?.type).toBe("customer.subscription.updated");
  });

  it("uses the given customer and their subscription", async () => {
    const customer = await stripe.customers.create({ email: "given@example.com" });
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: "price_local_pro_monthly" }] });
    await emulator.trigger("customer.subscription.updated", { customer: customer.id });
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]?.price.id).toBe("price_local_studio_monthly");
    await emulator.trigger("customer.deleted", { customer: customer.id });
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ deleted: true });
  });

  it("refuses an unknown type or customer and emits nothing", async () => {
    await expect(emulator.trigger("foo.bar")).rejects.toThrow(/Unknown or unsupported event type "foo.bar"/);
    await expect(emulator.trigger("customer.created", { customer: "cus_nope" })).rejects.toThrow(/No such customer/);
    await emulator.idle();
    expect(receiver.received).toEqual([]);
  });
});

// Each test spawns a cold `node --import tsx` process, which can take several
// seconds on a loaded CI machine.
describe("npm run stripe:trigger", { timeout: 30_000 }, () => {
  it("sends the event to --url only and prints what was sent", async () => {
    const { code, stdout } = await cli(["customer.subscription.created", "--url", cliReceiver.url]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Triggered customer.subscription.created: 6 event\(s\) sent/);
    expect(stdout).toMatch(/\* customer\.subscription\.created\s+evt_\w+\s+http:\/\/127\.0\.0\.1:\d+\/webhook → 200/);
    expect(cliReceiver.events().map((e) => e.type)).toEqual([
      "customer.created",
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
    expect(receiver.received).toEqual([]);
  });

  it("works with an unhandled type like payment_intent.created", async () => {
    const { code, stdout } = await cli(["payment_intent.created"]);
    expect(code).toBe(0);
    expect(stdout).toContain("payment_intent.created");
    await emulator.idle();
    expect(receiver.events().map((e) => e.type)).toEqual(["payment_intent.created"]);
    expect(receiver.events()[0]?.data.object).toMatchObject({ object: "payment_intent", id: expect.stringMatching(/^pi_/) });
  });

  it("fails clearly for an unknown event type", async () => {
    const { code, stderr } = await cli(["foo.bar"]);
    expect(code).toBe(1);
    expect(stderr).toContain('Unknown or unsupported event type "foo.bar"');
    expect(stderr).toContain("customer.subscription.created");
  });

  it("fails clearly when the emulator is not running", async () => {
    const { code, stderr } = await cli(["customer.created"], "http://127.0.0.1:9");
    expect(code).toBe(1);
    expect(stderr).toContain("The local Stripe emulator is not running at http://127.0.0.1:9");
  });

  it("prints usage without an event type", async () => {
    const { code, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stderr).toContain("usage: npm run stripe:trigger <event-type>");
  });
});
