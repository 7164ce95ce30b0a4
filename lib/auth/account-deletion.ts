import "server-only";
// Deleting an account: cancel billing, remove the user's files, delete the
// auth user (public.users and everything they own cascade from it). Needs the
// service role, which only this server-side path and the worker/webhook use.
import { cancelSubscriptionsForUser } from "@/lib/billing/cancel";
import { createAdminClient } from "@/lib/supabase/admin";
import { AVATAR_BUCKET } from "./avatar";

/**
 * BILLING HOOK: cancel the user's Stripe subscriptions before the account
 * goes, so nobody is billed for a deleted account (lib/billing/cancel.ts).
 * Throwing here stops the deletion with nothing deleted.
 */
export async function cancelBillingForDeletedAccount(userId: string): Promise<void> {
  await cancelSubscriptionsForUser(userId);
}

/** Removes every object under `<userId>/` in the avatars bucket. */
export async function removeUserFiles(userId: string): Promise<void> {
  const storage = createAdminClient().storage.from(AVATAR_BUCKET);
  const { data: files, error } = await storage.list(userId, { limit: 1000 });
  if (error) throw new Error(`Could not list the files of user ${userId}: ${error.message}`);
  if (files.length === 0) return;
  const { error: removeError } = await storage.remove(files.map((file) => `${userId}/${file.name}`));
  if (removeError) throw new Error(`Could not remove the files of user ${userId}: ${removeError.message}`);
}

export async function deleteAccount(userId: string): Promise<void> {
  await cancelBillingForDeletedAccount(userId);
  await removeUserFiles(userId);
  const { error } = await createAdminClient().auth.admin.deleteUser(userId);
  if (error) throw new Error(`Could not delete auth user ${userId}: ${error.message}`);
}
