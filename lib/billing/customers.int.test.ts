// One Stripe customer per user even when checkouts race, and cancelling a
// user's subscriptions before their account is deleted: against the test
// stack's database and the local Stripe emulator.
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, inject, test, vi } from "vitest";
import { startStripeEmulator, type RunningStripeEmulator } from "@/emulators/stripe/server";
import type { Database } from "@/lib/supabase/database.types";
import { createUser } from "@/supabase/tests/helpers";

vi.mock("server-only", () => ({}));
const { getOrCreateCustomer, findCustomerId } = await import("./customers");
const { cancelSubscriptionsForUser } = await import("./cancel");

const stack = inject("stack");
const admin = createClient<Database>(stack.apiUrl, stack.secretKey, { auth: { persistSession: false, autoRefreshToken: false } });
let db: pg.Pool;
let emulator: RunningStripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: stack.dbUrl, max: 2 });
  emulator = await startStripeEmulator({ port: 0, webhookUrl: null, log: () => {} });
  stripe = new Stripe("sk_test_customers", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
});
afterAll(async () => {
  await emulator?.stop();
  await db?.end();
});

test("five racing checkouts for one user share one Stripe customer and one billing_customers row", async () => {
  const id = await createUser(db);
  const email = `race-${id}@example.com`;
  const ids = await Promise.all(Array.from({ length: 5 }, () => getOrCreateCustomer({ id, email }, { admin, stripe })));
  expect(new Set(ids).size).toBe(1);
  const { rows } = await db.query("select stripe_customer_id from public.billing_customers where user_id = $1", [id]);
  expect(rows).toEqual([{ stripe_customer_id: ids[0] }]);
  const customers = await stripe.customers.list({ email });
  expect(customers.data.map((c) => c.id)).toEqual([ids[0]]);
  expect(customers.data[0]!.metadata).toEqual({ user_id: id });
  // Later calls reuse it without asking Stripe for another.
  expect(await getOrCreateCustomer({ id, email }, { admin, stripe })).toBe(ids[0]);
});

test("cancelSubscriptionsForUser ends every live subscription of the user's customer, and nothing for others", async () => {
  const id = await createUser(db);
  const customer = await getOrCreateCustomer({ id, email: `cancel-${id}@example.com` }, { admin, stripe });
  const [price] = (await stripe.prices.list({ lookup_keys: ["studio_monthly"] })).data;
  const live = await stripe.subscriptions.create({ customer, items: [{ price: price!.id }] });

  expect(await cancelSubscriptionsForUser(id, { admin, stripe })).toEqual([live.id]);
  expect((await stripe.subscriptions.retrieve(live.id)).status).toBe("canceled");
  // Safe to call again, and for a user who never had a customer.
  expect(await cancelSubscriptionsForUser(id, { admin, stripe })).toEqual([]);
  const stranger = await createUser(db);
  expect(await findCustomerId(stranger, { admin })).toBeNull();
  expect(await cancelSubscriptionsForUser(stranger, { admin, stripe })).toEqual([]);
});
