// Fixtures for the project integration tests: real accounts on the test
// stack (created with the admin API, signed in with a password) and their
// user-scoped clients, plus a service-role client to inspect and arrange rows
// behind row level security's back. Emails are random, so test files can run
// in parallel against one stack.
import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import { expect, inject } from "vitest";
import { ActionError } from "@/lib/action";
import type { Database } from "@/lib/supabase/database.types";
import type { Client, PlanTier } from "./types";

const CLIENT_OPTIONS = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } } as const;

export interface TestUser {
  id: string;
  email: string;
  /** Acting as this user, as the app's server client does. */
  client: Client;
}

export function adminClient(): Client {
  const { apiUrl, secretKey } = inject("stack");
  return createClient<Database>(apiUrl, secretKey, CLIENT_OPTIONS);
}

export async function createTestUser(label: string, { name }: { name?: string } = {}): Promise<TestUser> {
  const { apiUrl, publishableKey } = inject("stack");
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `pw-${randomUUID()}`;
  const created = await adminClient().auth.admin.createUser({
    email,
    password,
    email_confirm: true,
    user_metadata: name ? { name } : undefined,
  });
  if (created.error) throw created.error;
  const client = createClient<Database>(apiUrl, publishableKey, CLIENT_OPTIONS);
  const signedIn = await client.auth.signInWithPassword({ email, password });
  if (signedIn.error) throw signedIn.error;
  return { id: created.data.user.id, email, client };
}

export async function setPlan(userId: string, tier: PlanTier): Promise<void> {
  const { error } = await adminClient().from("users").update({ subscription_tier: tier }).eq("id", userId);
  if (error) throw error;
}

/** The project row as stored, whatever RLS would show; null once it is gone. */
export async function storedProject(projectId: string) {
  const { data, error } = await adminClient().from("projects").select("*").eq("id", projectId).maybeSingle();
  if (error) throw error;
  return data;
}

/** user id → role, as stored. */
export async function storedRoles(projectId: string): Promise<Record<string, string>> {
  const { data, error } = await adminClient().from("project_members").select("user_id, role").eq("project_id", projectId);
  if (error) throw error;
  return Object.fromEntries(data.map((row) => [row.user_id, row.role]));
}

/** The ActionError a refused call throws; fails the test if the call succeeds or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "expected the call to be refused").toBeInstanceOf(ActionError);
  return error as ActionError;
}
