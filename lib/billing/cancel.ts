import "server-only";
// For account deletion (settings): end the user's Stripe subscriptions first,
// so nobody is billed for an account that no longer exists. Stripe's
// customer.subscription.deleted events still arrive afterwards; the webhook
// records them as unmatched once the user is gone.
import type { SupabaseClient } from "@supabase/supabase-js";
import type Stripe from "stripe";
import { createAdminClient } from "@/lib/supabase/admin";
import type { Database } from "@/lib/supabase/database.types";
import { findCustomerId } from "./customers";
import { stripe } from "./stripe";

const ENDED: readonly Stripe.Subscription.Status[] = ["canceled", "incomplete_expired"];

/**
 * Cancels, at once and without proration, every subscription of the user's
 * Stripe customer that has not ended. Returns the ids it canceled (none when
 * the user never had a customer). Throws if Stripe refuses, so the caller can
 * stop before deleting the account.
 */
export async function cancelSubscriptionsForUser(
  userId: string,
  deps: { admin?: SupabaseClient<Database>; stripe?: Stripe } = {},
): Promise<string[]> {
  const client = deps.stripe ?? stripe();
  const customer = await findCustomerId(userId, { admin: deps.admin ?? createAdminClient() });
  if (!customer) return [];
  const canceled: string[] = [];
  for await (const subscription of client.subscriptions.list({ customer, status: "all", limit: 100 })) {
    if (ENDED.includes(subscription.status)) continue;
    await client.subscriptions.cancel(subscription.id);
    canceled.push(subscription.id);
  }
  return canceled;
}
