// `npm run billing:sync` reconciles what the webhook missed: subscriptions
// created at Stripe while no webhook reached the app end up in the database,
// a second run changes and writes nothing, and a later change is picked up.
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, inject, test, vi } from "vitest";
import { startStripeEmulator, type RunningStripeEmulator } from "@/emulators/stripe/server";
import type { Database } from "@/lib/supabase/database.types";
import { createUser } from "@/supabase/tests/helpers";
import { billingState } from "./test-support";

vi.mock("server-only", () => ({}));
const { syncFromStripe } = await import("./sync");

const stack = inject("stack");
const admin = createClient<Database>(stack.apiUrl, stack.secretKey, { auth: { persistSession: false, autoRefreshToken: false } });
let db: pg.Pool;
let emulator: RunningStripeEmulator;
let stripe: Stripe;

// Its own emulator (nobody else's customers) with no webhook target: every change is "missed".
beforeAll(async () => {
  db = new pg.Pool({ connectionString: stack.dbUrl, max: 2 });
  emulator = await startStripeEmulator({ port: 0, webhookUrl: null, log: () => {} });
  stripe = new Stripe("sk_test_sync", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
});
afterAll(async () => {
  await emulator?.stop();
  await db?.end();
});

async function eventCount(): Promise<number> {
  const { rows } = await db.query("select count(*)::int as n from public.stripe_events where id like 'sync_%'");
  return rows[0].n;
}

test("backfills missed customers and subscriptions, is a no-op when re-run, and picks up later changes", async () => {
  const [alice, bob, carol] = [await createUser(db), await createUser(db), await createUser(db)];
  const price = async (key: string) => (await stripe.prices.list({ lookup_keys: [key] })).data[0]!.id;
  const customer = async (userId: string) => (await stripe.customers.create({ email: `${userId}@example.com`, metadata: { user_id: userId } })).id;

  const aliceSub = await stripe.subscriptions.create({ customer: await customer(alice), items: [{ price: await price("pro_monthly") }] });
  const bobSub = await stripe.subscriptions.create({ customer: await customer(bob), items: [{ price: await price("studio_yearly") }], metadata: { user_id: bob } });
  await customer(carol); // a customer without a subscription: linked only
  await stripe.customers.create({ email: "stranger@example.com", metadata: { user_id: "not-a-uuid" } });

  const first = await syncFromStripe({ stripe, admin });
  expect(first).toMatchObject({ customers: 4, subscriptions: 2, unchanged: 0 });
  expect(first.changed.map((c) => c.outcome)).toEqual(["recorded", "recorded", "recorded", "applied", "applied"]);
  expect(first.problems).toEqual([expect.stringMatching(/metadata\.user_id must be the app's user id/)]);
  expect(await billingState(db, alice)).toMatchObject({ tier: "pro", status: "active", subscription: { id: aliceSub.id } });
  expect(await billingState(db, bob)).toMatchObject({ tier: "studio", status: "active", subscription: { id: bobSub.id } });
  expect(await billingState(db, carol)).toMatchObject({ tier: "free", subscription: null, customer: expect.stringMatching(/^cus_/) });

  const writes = await eventCount();
  const again = await syncFromStripe({ stripe, admin });
  expect(again).toMatchObject({ customers: 4, subscriptions: 2, unchanged: 2, changed: [] });
  expect(await eventCount()).toBe(writes);

  // The customer cancels at period end and the webhook never arrives: a dry run shows it, a real run applies it.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  await stripe.subscriptions.update(aliceSub.id, { cancel_at_period_end: true });
  const dry = await syncFromStripe({ stripe, admin, dryRun: true });
  expect(dry.changed).toEqual([{ what: `subscription ${aliceSub.id}: pro/active → pro/active (canceling)`, outcome: "would apply" }]);
  expect((await billingState(db, alice)).subscription?.cancelAtPeriodEnd).toBe(false);
  const later = await syncFromStripe({ stripe, admin });
  expect(later.changed).toEqual([{ what: `subscription ${aliceSub.id}: pro/active → pro/active (canceling)`, outcome: "applied" }]);
  expect((await billingState(db, alice)).subscription?.cancelAtPeriodEnd).toBe(true);
  expect((await billingState(db, bob)).audit.filter((a) => a.action === "subscription_created")).toHaveLength(1);
});
