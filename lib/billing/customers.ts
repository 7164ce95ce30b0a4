import "server-only";
// One Stripe customer per user, even when two checkouts race. billing_customers
// is service-role only (users never see or set their customer id), so these
// helpers take the admin client; callers pass the user id from a verified
// session, never from input.
import type { SupabaseClient } from "@supabase/supabase-js";
import type Stripe from "stripe";
import type { Database } from "@/lib/supabase/database.types";

export interface CustomerDeps {
  admin: SupabaseClient<Database>;
  stripe: Stripe;
}

export async function findCustomerId(userId: string, { admin }: Pick<CustomerDeps, "admin">): Promise<string | null> {
  const { data, error } = await admin.from("billing_customers").select("stripe_customer_id").eq("user_id", userId).maybeSingle();
  if (error) throw new Error(`Could not read the billing customer of ${userId}: ${error.message}`);
  return data?.stripe_customer_id ?? null;
}

/**
 * The user's Stripe customer, created on first use. Racing calls converge
 * twice over: Stripe answers the same idempotency key (derived from the user
 * id) with the same customer, and the insert keeps the first row per user
 * (ON CONFLICT DO NOTHING) so everyone then reads the stored one.
 */
export async function getOrCreateCustomer(user: { id: string; email?: string | null }, deps: CustomerDeps): Promise<string> {
  const existing = await findCustomerId(user.id, deps);
  if (existing) return existing;

  const created = await deps.stripe.customers.create(
    { ...(user.email ? { email: user.email } : {}), metadata: { user_id: user.id } },
    { idempotencyKey: `launchpad-customer-${user.id}` },
  );
  const { error } = await deps.admin
    .from("billing_customers")
    .upsert({ user_id: user.id, stripe_customer_id: created.id }, { onConflict: "user_id", ignoreDuplicates: true });
  if (error) throw new Error(`Could not store the billing customer of ${user.id}: ${error.message}`);

  const stored = await findCustomerId(user.id, deps);
  if (!stored) throw new Error(`The billing customer of ${user.id} vanished right after it was stored`);
  if (stored !== created.id) {
    // Only once Stripe's idempotency window (24 h) has passed can a second
    // customer appear; it lost the race and holds nothing, so remove it.
    await deps.stripe.customers.del(created.id).catch(() => undefined);
  }
  return stored;
}
