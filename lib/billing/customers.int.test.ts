// One Stripe customer per user even when checkouts race, and cancelling a
// user's subscriptions before their account is deleted: against the test
// stack's database and the local Stripe emulator.
import { expect, test, vi } from "vitest";
import { createUser } from "@/supabase/tests/helpers";
import { billingTestServices } from "./test-services";

vi.mock("server-only", () => ({}));
const { getOrCreateCustomer, findCustomerId } = await import("./customers");
const { cancelSubscriptionsForUser } = await import("./cancel");

const s = billingTestServices("sk_test_customers");

test("five racing checkouts for one user share one Stripe customer and one billing_customers row", async () => {
  const id = await createUser(s.db);
  const email = `race-${id}@example.com`;
  const ids = await Promise.all(Array.from({ length: 5 }, () => getOrCreateCustomer({ id, email }, { admin: s.admin, stripe: s.stripe })));
  expect(new Set(ids).size).toBe(1);
  const { rows } = await s.db.query("select stripe_customer_id from public.billing_customers where user_id = $1", [id]);
  expect(rows).toEqual([{ stripe_customer_id: ids[0] }]);
  const customers = await s.stripe.customers.list({ email });
  expect(customers.data.map((c) => c.id)).toEqual([ids[0]]);
  expect(customers.data[0]!.metadata).toEqual({ user_id: id });
  // Later calls reuse it without asking Stripe for another.
  expect(await getOrCreateCustomer({ id, email }, { admin: s.admin, stripe: s.stripe })).toBe(ids[0]);
});

test("cancelSubscriptionsForUser ends every live subscription of the user's customer, and nothing for others", async () => {
  const id = await createUser(s.db);
  const customer = await getOrCreateCustomer({ id, email: `cancel-${id}@example.com` }, { admin: s.admin, stripe: s.stripe });
  const [price] = (await s.stripe.prices.list({ lookup_keys: ["studio_monthly"] })).data;
  const live = await s.stripe.subscriptions.create({ customer, items: [{ price: price!.id }] });

  expect(await cancelSubscriptionsForUser(id, { admin: s.admin, stripe: s.stripe })).toEqual([live.id]);
  expect((await s.stripe.subscriptions.retrieve(live.id)).status).toBe("canceled");
  // Safe to call again, and for a user who never had a customer.
  expect(await cancelSubscriptionsForUser(id, { admin: s.admin, stripe: s.stripe })).toEqual([]);
  const stranger = await createUser(s.db);
  expect(await findCustomerId(stranger, { admin: s.admin })).toBeNull();
  expect(await cancelSubscriptionsForUser(stranger, { admin: s.admin, stripe: s.stripe })).toEqual([]);
});
