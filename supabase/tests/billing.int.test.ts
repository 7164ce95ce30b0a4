// public.apply_stripe_subscription_event: one Stripe event applied once,
// atomically, and never over a newer state, whatever order and however many
// times Stripe delivers it. Called as the service role, as the webhook route
// does through the Data API's rpc.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { anon, createPool, createUser, expectPgError, queryAs, serviceRole, user } from "./helpers.ts";

let pool: pg.Pool;

beforeAll(() => {
  pool = createPool(undefined, 8);
});
afterAll(async () => {
  await pool.end();
});

interface EventArgs {
  p_event_id: string;
  p_event_type: string;
  p_event_created: string;
  p_stripe_customer_id?: string | null;
  p_user_id?: string | null;
  p_stripe_subscription_id?: string | null;
  p_status?: string | null;
  p_tier?: string | null;
  p_stripe_price_id?: string | null;
  p_current_period_start?: string | null;
  p_current_period_end?: string | null;
  p_cancel_at_period_end?: boolean;
  p_cancel_at?: string | null;
  p_canceled_at?: string | null;
}

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
/** Stripe `created` times: whole seconds after T0. */
function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}
function stripeId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "")}`;
}

/** Calls the function with named arguments, as supabase-js rpc() does. */
async function apply(args: EventArgs, claims = serviceRole): Promise<string> {
  const entries = Object.entries(args).filter(([, v]) => v !== undefined);
  const sql = `select public.apply_stripe_subscription_event(${entries.map(([k], i) => `${k} => $${i + 1}`).join(", ")}) as outcome`;
  const { rows } = await queryAs<{ outcome: string }>(pool, claims, sql, entries.map(([, v]) => v));
  return rows[0]!.outcome;
}

/** A customer with a subscription, and a snapshot builder for its events. */
async function subscriber() {
  const userId = await createUser(pool);
  const customer = stripeId("cus");
  const subscription = stripeId("sub");
  const event = (type: string, seconds: number, snapshot: Partial<EventArgs> = {}): EventArgs => ({
    p_event_id: stripeId("evt"),
    p_event_type: type,
    p_event_created: at(seconds),
    p_stripe_customer_id: customer,
    p_user_id: userId,
    p_stripe_subscription_id: subscription,
    p_status: "active",
    p_tier: "pro",
    p_stripe_price_id: "price_pro_monthly",
    p_current_period_start: at(0),
    p_current_period_end: at(30 * 86400),
    ...snapshot,
  });
  return { userId, customer, subscription, event };
}

async function stateOf(userId: string) {
  const { rows: users } = await pool.query("select subscription_tier as tier, subscription_status as status from public.users where id = $1", [userId]);
  const { rows: subs } = await pool.query(
    "select stripe_subscription_id, tier, status, cancel_at_period_end, last_stripe_event_id from public.subscriptions where user_id = $1",
    [userId],
  );
  const { rows: audit } = await pool.query<{ action: string; stripe_event_id: string }>(
    "select action, stripe_event_id from public.subscription_audit where user_id = $1 order by id",
    [userId],
  );
  return { user: users[0], subscription: subs[0], audit };
}

describe("apply_stripe_subscription_event", () => {
  test("a new subscription: links the customer, stores the subscription, sets the tier, audits", async () => {
    const s = await subscriber();
    const created = s.event("customer.subscription.created", 10);
    expect(await apply(created)).toBe("applied");
    const state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "pro", status: "active" });
    expect(state.subscription).toEqual({
      stripe_subscription_id: s.subscription, tier: "pro", status: "active", cancel_at_period_end: false, last_stripe_event_id: created.p_event_id,
    });
    expect(state.audit.map((a) => a.action)).toEqual(["customer_linked", "subscription_created"]);
    const { rows } = await pool.query("select user_id from public.billing_customers where stripe_customer_id = $1", [s.customer]);
    expect(rows).toEqual([{ user_id: s.userId }]);
    const { rows: events } = await pool.query("select outcome, processed_at is not null as processed from public.stripe_events where id = $1", [created.p_event_id]);
    expect(events).toEqual([{ outcome: "applied", processed: true }]);
  });

  test("a duplicate event changes nothing", async () => {
    const s = await subscriber();
    const created = s.event("customer.subscription.created", 10);
    await apply(created);
    const before = await stateOf(s.userId);
    expect(await apply(created)).toBe("duplicate");
    // Even when the duplicate carries different data (Stripe never does, a forger might).
    expect(await apply({ ...created, p_tier: "enterprise" })).toBe("duplicate");
    expect(await stateOf(s.userId)).toEqual(before);
  });

  test("the same event delivered 5 times at once: applied once, one audit row", async () => {
    const s = await subscriber();
    const created = s.event("customer.subscription.created", 10);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => apply(created)));
    expect(outcomes.sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    const state = await stateOf(s.userId);
    expect(state.audit.filter((a) => a.stripe_event_id === created.p_event_id && a.action === "subscription_created")).toHaveLength(1);
  });

  test("an older snapshot arriving late is recorded as stale and does not overwrite", async () => {
    const s = await subscriber();
    const updated = s.event("customer.subscription.updated", 20, { p_tier: "studio", p_stripe_price_id: "price_studio_monthly" });
    const created = s.event("customer.subscription.created", 10, { p_status: "incomplete" });
    expect(await apply(updated)).toBe("applied");
    expect(await apply(created)).toBe("stale");
    const state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "studio", status: "active" });
    expect(state.subscription).toMatchObject({ tier: "studio", status: "active", last_stripe_event_id: updated.p_event_id });
    const { rows } = await pool.query("select outcome from public.stripe_events where id = $1", [created.p_event_id]);
    expect(rows).toEqual([{ outcome: "stale" }]);
  });

  test("in the same second, the later lifecycle stage wins whatever the arrival order", async () => {
    const s = await subscriber();
    expect(await apply(s.event("customer.subscription.updated", 10, { p_status: "active" }))).toBe("applied");
    expect(await apply(s.event("customer.subscription.created", 10, { p_status: "incomplete" }))).toBe("stale");
    expect((await stateOf(s.userId)).user).toEqual({ tier: "pro", status: "active" });
  });

  test("in the same second, a live subscription can recover: past_due then active applies both", async () => {
    const s = await subscriber();
    await apply(s.event("customer.subscription.created", 10));
    expect(await apply(s.event("invoice.payment_failed", 20, { p_status: "past_due" }))).toBe("applied");
    expect(await apply(s.event("invoice.paid", 20, { p_status: "active" }))).toBe("applied");
    expect((await stateOf(s.userId)).user).toEqual({ tier: "pro", status: "active" });
  });

  test("many events for one user, shuffled and concurrent: the newest wins", async () => {
    const s = await subscriber();
    const tiers = ["pro", "studio", "pro", "enterprise", "studio", "pro", "studio", "enterprise"];
    const events = tiers.map((tier, i) => s.event("customer.subscription.updated", 100 + i, { p_tier: tier }));
    const shuffled = [...events].sort(() => Math.random() - 0.5);
    await Promise.all(shuffled.map((e) => apply(e)));
    const newest = events.at(-1)!;
    const state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "enterprise", status: "active" });
    expect(state.subscription).toMatchObject({ tier: "enterprise", last_stripe_event_id: newest.p_event_id });
    const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from public.stripe_events where id = any ($1)", [events.map((e) => e.p_event_id)]);
    expect(rows[0]!.n).toBe(events.length);
  });

  test("a failed payment sets past_due and keeps the plan; paying again restores active", async () => {
    const s = await subscriber();
    await apply(s.event("customer.subscription.created", 10));
    expect(await apply(s.event("invoice.payment_failed", 20, { p_status: "past_due" }))).toBe("applied");
    let state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "pro", status: "past_due" });
    expect(state.audit.at(-1)!.action).toBe("status_changed");
    await apply(s.event("invoice.paid", 30, { p_status: "active" }));
    state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "pro", status: "active" });
  });

  test("unpaid, paused and incomplete subscriptions grant the free plan", async () => {
    for (const status of ["unpaid", "paused", "incomplete"]) {
      const s = await subscriber();
      await apply(s.event("customer.subscription.updated", 10, { p_status: status }));
      expect((await stateOf(s.userId)).user, status).toEqual({ tier: "free", status });
    }
  });

  test("deletion returns the user to free; an ended subscription never comes back", async () => {
    const s = await subscriber();
    await apply(s.event("customer.subscription.created", 10));
    await apply(s.event("customer.subscription.updated", 20, { p_cancel_at_period_end: true }));
    expect((await stateOf(s.userId)).subscription).toMatchObject({ cancel_at_period_end: true, status: "active" });
    expect(await apply(s.event("customer.subscription.deleted", 30, { p_status: "canceled", p_canceled_at: at(30) }))).toBe("applied");
    let state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "free", status: "canceled" });
    expect(state.audit.at(-1)!.action).toBe("subscription_canceled");
    // A late, even newer-stamped, "active" snapshot of the ended subscription is stale.
    expect(await apply(s.event("customer.subscription.updated", 40, { p_status: "active" }))).toBe("stale");
    state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "free", status: "canceled" });
  });

  test("a new subscription replaces an ended one; the old one's late events change nothing", async () => {
    const s = await subscriber();
    await apply(s.event("customer.subscription.created", 10));
    const next = stripeId("sub");
    expect(await apply(s.event("customer.subscription.created", 50, { p_stripe_subscription_id: next, p_tier: "studio" }))).toBe("applied");
    // The old subscription is canceled afterwards (the user switched plans by a new checkout).
    expect(await apply(s.event("customer.subscription.deleted", 60, { p_status: "canceled" }))).toBe("stale");
    const state = await stateOf(s.userId);
    expect(state.user).toEqual({ tier: "studio", status: "active" });
    expect(state.subscription).toMatchObject({ stripe_subscription_id: next });
  });

  test("plan changes are audited as such", async () => {
    const s = await subscriber();
    await apply(s.event("customer.subscription.created", 10));
    await apply(s.event("customer.subscription.updated", 20, { p_tier: "studio" }));
    const state = await stateOf(s.userId);
    expect(state.audit.map((a) => a.action)).toEqual(["customer_linked", "subscription_created", "plan_changed"]);
    const { rows } = await pool.query("select details from public.subscription_audit where user_id = $1 and action = 'plan_changed'", [s.userId]);
    expect(rows[0]!.details).toMatchObject({ from: { tier: "pro", status: "active" }, to: { tier: "studio", status: "active" } });
  });

  test("without a user id the customer's link finds the user; an unknown customer is recorded as unmatched", async () => {
    const s = await subscriber();
    expect(await apply({ p_event_id: stripeId("evt"), p_event_type: "checkout.session.completed", p_event_created: at(5), p_stripe_customer_id: s.customer, p_user_id: s.userId })).toBe("recorded");
    expect(await apply(s.event("customer.subscription.created", 10, { p_user_id: null }))).toBe("applied");
    expect((await stateOf(s.userId)).user).toEqual({ tier: "pro", status: "active" });

    const stranger = s.event("customer.subscription.created", 10, { p_user_id: null, p_stripe_customer_id: stripeId("cus"), p_stripe_subscription_id: stripeId("sub") });
    expect(await apply(stranger)).toBe("unmatched");
    const { rows } = await pool.query("select outcome from public.stripe_events where id = $1", [stranger.p_event_id]);
    expect(rows).toEqual([{ outcome: "unmatched" }]);
  });

  test("customer.deleted removes the customer link", async () => {
    const s = await subscriber();
    await apply(s.event("customer.subscription.created", 10));
    expect(await apply({ p_event_id: stripeId("evt"), p_event_type: "customer.deleted", p_event_created: at(20), p_stripe_customer_id: s.customer })).toBe("recorded");
    const { rowCount } = await pool.query("select 1 from public.billing_customers where user_id = $1", [s.userId]);
    expect(rowCount).toBe(0);
    expect((await stateOf(s.userId)).audit.at(-1)!.action).toBe("customer_deleted");
  });

  test("a deleted customer is not linked again by its subscription's deletion arriving afterwards", async () => {
    // Deleting a customer cancels its subscriptions; Stripe does not order the deliveries.
    const s = await subscriber();
    await apply(s.event("customer.subscription.created", 10));
    await apply({ p_event_id: stripeId("evt"), p_event_type: "customer.deleted", p_event_created: at(20), p_stripe_customer_id: s.customer });
    expect(await apply(s.event("customer.subscription.deleted", 20, { p_status: "canceled", p_canceled_at: at(20) }))).toBe("applied");
    const { rowCount } = await pool.query("select 1 from public.billing_customers where user_id = $1", [s.userId]);
    expect(rowCount).toBe(0);
    expect((await stateOf(s.userId)).audit.map((a) => a.action)).toEqual(["customer_linked", "subscription_created", "customer_deleted", "subscription_canceled"]);
  });

  test("the audit row keeps the price and cancel_at (newer API versions cancel with cancel_at alone)", async () => {
    const s = await subscriber();
    await apply(s.event("customer.subscription.updated", 10, { p_cancel_at: at(30 * 86400), p_stripe_price_id: "price_custom_1" }));
    const { rows } = await pool.query("select details from public.subscription_audit where user_id = $1 and action = 'subscription_created'", [s.userId]);
    expect(rows[0].details).toMatchObject({ price: "price_custom_1", cancel_at_period_end: false, cancel_at: expect.stringMatching(/^2026-12-21T12:00:00/) });
  });

  test("a failure inside leaves nothing half-applied, so Stripe's retry can succeed", async () => {
    const s = await subscriber();
    const bad = s.event("customer.subscription.created", 10, { p_stripe_price_id: "price_\u0007bell" });
    await expectPgError(apply(bad), { code: "23514", constraint: "subscriptions_stripe_price_id_format" });
    const { rowCount } = await pool.query("select 1 from public.stripe_events where id = $1", [bad.p_event_id]);
    expect(rowCount).toBe(0);
    const state = await stateOf(s.userId);
    expect(state).toEqual({ user: { tier: "free", status: null }, subscription: undefined, audit: [] });
    expect(await apply({ ...bad, p_stripe_price_id: "price_pro_monthly" })).toBe("applied");
  });

  test("an incomplete snapshot is refused as invalid_event and records nothing", async () => {
    const s = await subscriber();
    const event = s.event("customer.subscription.created", 10, { p_status: null });
    await expectPgError(apply(event), { code: "22023", message: "invalid_event:" });
    const { rowCount } = await pool.query("select 1 from public.stripe_events where id = $1", [event.p_event_id]);
    expect(rowCount).toBe(0);
  });

  test("only the service role may execute it", async () => {
    const s = await subscriber();
    for (const claims of [anon, user(s.userId)]) {
      await expectPgError(apply(s.event("customer.subscription.created", 10, { p_tier: "enterprise" }), claims), {
        code: "42501",
        message: "permission denied for function apply_stripe_subscription_event",
      });
    }
    expect((await stateOf(s.userId)).user).toEqual({ tier: "free", status: null });
  });
});
