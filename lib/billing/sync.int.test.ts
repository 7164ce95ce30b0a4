// `npm run billing:sync` reconciles what the webhook missed: subscriptions
// created at Stripe while no webhook reached the app end up in the database,
// a second run changes and writes nothing, and a later change is picked up.
import { expect, test, vi } from "vitest";
import { createUser } from "@/supabase/tests/helpers";
import { billingTestServices } from "./test-services";
import { billingState } from "./test-support";

vi.mock("server-only", () => ({}));
const { syncFromStripe } = await import("./sync");

// Its own emulator (nobody else's customers) with no webhook target: every change is "missed".
const s = billingTestServices("sk_test_sync");

async function eventCount(): Promise<number> {
  const { rows } = await s.db.query("select count(*)::int as n from public.stripe_events where id like 'sync_%'");
  return rows[0].n;
}

test("backfills missed customers and subscriptions, is a no-op when re-run, and picks up later changes", async () => {
  const [alice, bob, carol] = [await createUser(s.db), await createUser(s.db), await createUser(s.db)];
  const price = async (key: string) => (await s.stripe.prices.list({ lookup_keys: [key] })).data[0]!.id;
  const customer = async (userId: string) => (await s.stripe.customers.create({ email: `${userId}@example.com`, metadata: { user_id: userId } })).id;

  const aliceSub = await s.stripe.subscriptions.create({ customer: await customer(alice), items: [{ price: await price("pro_monthly") }] });
  const bobSub = await s.stripe.subscriptions.create({ customer: await customer(bob), items: [{ price: await price("studio_yearly") }], metadata: { user_id: bob } });
  await customer(carol); // a customer without a subscription: linked only
  await s.stripe.customers.create({ email: "stranger@example.com", metadata: { user_id: "not-a-uuid" } });

  const first = await syncFromStripe({ stripe: s.stripe, admin: s.admin });
  expect(first).toMatchObject({ customers: 4, subscriptions: 2, unchanged: 0 });
  expect(first.changed.map((c) => c.outcome)).toEqual(["recorded", "recorded", "recorded", "applied", "applied"]);
  expect(first.problems).toEqual([expect.stringMatching(/metadata\.user_id must be the app's user id/)]);
  expect(await billingState(s.db, alice)).toMatchObject({ tier: "pro", status: "active", subscription: { id: aliceSub.id } });
  expect(await billingState(s.db, bob)).toMatchObject({ tier: "studio", status: "active", subscription: { id: bobSub.id } });
  expect(await billingState(s.db, carol)).toMatchObject({ tier: "free", subscription: null, customer: expect.stringMatching(/^cus_/) });

  const writes = await eventCount();
  const again = await syncFromStripe({ stripe: s.stripe, admin: s.admin });
  expect(again).toMatchObject({ customers: 4, subscriptions: 2, unchanged: 2, changed: [] });
  expect(await eventCount()).toBe(writes);

  // The customer cancels at period end and the webhook never arrives: a dry run shows it, a real run applies it.
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
  await s.stripe.subscriptions.update(aliceSub.id, { cancel_at_period_end: true });
  const dry = await syncFromStripe({ stripe: s.stripe, admin: s.admin, dryRun: true });
  expect(dry.changed).toEqual([{ what: `subscription ${aliceSub.id}: pro/active → pro/active (canceling)`, outcome: "would apply" }]);
  expect((await billingState(s.db, alice)).subscription?.cancelAtPeriodEnd).toBe(false);
  const later = await syncFromStripe({ stripe: s.stripe, admin: s.admin });
  expect(later.changed).toEqual([{ what: `subscription ${aliceSub.id}: pro/active → pro/active (canceling)`, outcome: "applied" }]);
  expect((await billingState(s.db, alice)).subscription?.cancelAtPeriodEnd).toBe(true);
  expect((await billingState(s.db, bob)).audit.filter((a) => a.action === "subscription_created")).toHaveLength(1);
});
