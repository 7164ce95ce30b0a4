import "server-only";
// Backfill (`npm run billing:sync`): page through Stripe's customers and
// subscriptions and reconcile the database through the same SQL function the
// webhook uses. What already matches is left alone, so a re-run changes
// nothing and writes nothing; what differs is applied as a synthetic event.
//
// Its time: a listed subscription is Stripe's state now, but our clock may be
// ahead of Stripe's. So each snapshot is stamped with the `created` time of
// Stripe's newest event when the sync started: never newer than the state it
// carries, so it cannot beat a genuinely newer webhook, yet not older than any
// event already applied from this account.
import { createHash } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import type Stripe from "stripe";
import type { Database } from "@/lib/supabase/database.types";
import { subscriptionSchema, describeIssues, userIdSchema } from "./schema";
import { chooseTier, subscriptionArgs, type ApplyArgs, type ApplyOutcome } from "./webhook";

export interface SyncDeps {
  stripe: Stripe;
  admin: SupabaseClient<Database>;
  /** Report what differs without applying it. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

export interface SyncReport {
  customers: number;
  subscriptions: number;
  unchanged: number;
  changed: { what: string; outcome: ApplyOutcome | "would apply" }[];
  problems: string[];
}

type StoredSubscription = Database["public"]["Tables"]["subscriptions"]["Row"];
const PAGE = 100;
const ENDED: readonly string[] = ["canceled", "incomplete_expired"];

/** Stripe's "now": the newest event's time (0 for an account without events). */
async function stripeNow(stripe: Stripe): Promise<number> {
  const { data } = await stripe.events.list({ limit: 1 });
  return data[0]?.created ?? 0;
}

async function* batches<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === PAGE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const sameInstant = (a: string | null | undefined, b: string | null | undefined) =>
  (a == null && b == null) || (a != null && b != null && new Date(a).getTime() === new Date(b).getTime());

/** Does the stored row already say what these arguments say? */
function matches(row: StoredSubscription | undefined, args: ApplyArgs): boolean {
  return (
    row !== undefined &&
    row.stripe_subscription_id === args.p_stripe_subscription_id &&
    row.status === args.p_status &&
    row.tier === args.p_tier &&
    row.stripe_price_id === (args.p_stripe_price_id ?? null) &&
    row.cancel_at_period_end === (args.p_cancel_at_period_end ?? false) &&
    sameInstant(row.current_period_start, args.p_current_period_start) &&
    sameInstant(row.current_period_end, args.p_current_period_end) &&
    sameInstant(row.cancel_at, args.p_cancel_at) &&
    sameInstant(row.canceled_at, args.p_canceled_at)
  );
}

export async function syncFromStripe({ stripe, admin, dryRun = false, log = () => undefined }: SyncDeps): Promise<SyncReport> {
  const report: SyncReport = { customers: 0, subscriptions: 0, unchanged: 0, changed: [], problems: [] };
  const created = await stripeNow(stripe);

  async function apply(type: string, fields: Partial<ApplyArgs>, what: string) {
    // Same stamp and same content → same id: a concurrent or repeated sync is a duplicate.
    const digest = createHash("sha256").update(JSON.stringify({ type, created, fields })).digest("hex").slice(0, 32);
    const args: ApplyArgs = { p_event_id: `sync_${digest}`, p_event_type: type, p_event_created: new Date(created * 1000).toISOString(), ...fields };
    if (dryRun) {
      report.changed.push({ what, outcome: "would apply" });
      return;
    }
    const { data, error } = await admin.rpc("apply_stripe_subscription_event", args);
    if (error) throw new Error(`apply_stripe_subscription_event failed for ${what}: ${error.message}`);
    report.changed.push({ what, outcome: data as ApplyOutcome });
    log(`  ${what}: ${data}`);
  }

  // 1. Customers: link those that name a user (metadata.user_id) and aren't linked yet.
  for await (const page of batches(stripe.customers.list({ limit: PAGE }))) {
    report.customers += page.length;
    const { data: linked, error } = await admin.from("billing_customers").select("stripe_customer_id").in("stripe_customer_id", page.map((c) => c.id));
    if (error) throw new Error(`Could not read billing_customers: ${error.message}`);
    const known = new Set(linked.map((row) => row.stripe_customer_id));
    const claimed = page.filter((c) => !known.has(c.id) && c.metadata?.user_id);
    const { data: users, error: usersError } = await admin
      .from("users")
      .select("id")
      .in("id", claimed.map((c) => c.metadata.user_id!).filter((id) => userIdSchema.safeParse(id).success));
    if (usersError) throw new Error(`Could not read users: ${usersError.message}`);
    const existing = new Set(users.map((u) => u.id));
    for (const customer of claimed) {
      const userId = userIdSchema.safeParse(customer.metadata.user_id);
      if (!userId.success) {
        report.problems.push(`customer ${customer.id}: metadata.user_id ${userId.error.issues[0]?.message}`);
        continue;
      }
      if (!existing.has(userId.data)) {
        report.problems.push(`customer ${customer.id}: its metadata.user_id ${userId.data} is no user here`);
        continue;
      }
      await apply("billing_sync.customer", { p_user_id: userId.data, p_stripe_customer_id: customer.id }, `customer ${customer.id} → user ${userId.data}`);
    }
  }

  // 2. Subscriptions, ended ones included: compare each with the stored row of
  //    its subscription. An ended one whose customer has since stored another
  //    is history the database does not keep (one row per user): skipped.
  for await (const page of batches(stripe.subscriptions.list({ status: "all", limit: PAGE }))) {
    report.subscriptions += page.length;
    const customerOf = (s: Stripe.Subscription) => (typeof s.customer === "string" ? s.customer : s.customer.id);
    const [bySubscription, byCustomer] = await Promise.all([
      admin.from("subscriptions").select("*").in("stripe_subscription_id", page.map((s) => s.id)),
      admin.from("subscriptions").select("stripe_customer_id").in("stripe_customer_id", page.map(customerOf)),
    ]);
    if (bySubscription.error || byCustomer.error) throw new Error(`Could not read subscriptions: ${(bySubscription.error ?? byCustomer.error)!.message}`);
    const byId = new Map(bySubscription.data.map((row) => [row.stripe_subscription_id, row]));
    const customersWithRow = new Set(byCustomer.data.map((row) => row.stripe_customer_id));
    for (const subscription of page) {
      const parsed = subscriptionSchema.safeParse(subscription);
      if (!parsed.success) {
        report.problems.push(`subscription ${subscription.id}: ${describeIssues(parsed.error)}`);
        continue;
      }
      // A price the app does not sell is applied as the webhook would, and reported.
      const choice = await chooseTier(parsed.data, { stripe, admin, warn: (message) => report.problems.push(message) });
      const fields = subscriptionArgs(parsed.data, choice);
      const row = byId.get(subscription.id);
      const superseded = !row && ENDED.includes(subscription.status) && customersWithRow.has(customerOf(subscription));
      if (superseded || matches(row, fields as ApplyArgs)) {
        report.unchanged += 1;
        continue;
      }
      const before = row ? `${row.tier}/${row.status}${row.cancel_at_period_end ? " (canceling)" : ""}` : "not stored";
      const after = `${fields.p_tier}/${fields.p_status}${fields.p_cancel_at_period_end ? " (canceling)" : ""}`;
      await apply("billing_sync.subscription", fields, `subscription ${subscription.id}: ${before} → ${after}`);
    }
  }
  return report;
}
