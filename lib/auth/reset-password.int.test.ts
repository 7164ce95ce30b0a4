// The reset-password action sets a new password without asking for the current
// one, so it must only work for a session a reset link opened: a browser left
// signed in must not let anyone take the account over through /reset-password.
// The action runs as written, with the user-scoped client swapped for a real
// signed-in client of the local Auth emulator.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { describe, expect, inject, test, vi } from "vitest";
import type { Database } from "@/lib/supabase/database.types";

const stack = inject("stack");
const noSession = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } } as const;
const anon = () => createClient<Database>(stack.apiUrl, stack.publishableKey, noSession);
const admin = createClient<Database>(stack.apiUrl, stack.secretKey, noSession);

const current = vi.hoisted(() => ({ client: undefined as unknown }));
vi.mock("@/lib/supabase/server", () => ({ createClient: async () => current.client }));
const { resetPassword } = await import("./actions");

const OLD = "old password 123";
const NEW = "brand new password 456";

async function newUser(): Promise<string> {
  const email = `reset-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const { error } = await admin.auth.admin.createUser({ email, password: OLD, email_confirm: true });
  expect(error).toBeNull();
  return email;
}

function form(password: string): FormData {
  const data = new FormData();
  data.set("password", password);
  data.set("confirmPassword", password);
  return data;
}

/** Runs the action as `client`; a redirect (success) comes back as its target. */
async function reset(client: SupabaseClient<Database>, password: string) {
  current.client = client;
  try {
    return await resetPassword(undefined, form(password));
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return { redirectedTo: digest.split(";")[2] };
    throw error;
  }
}

const canSignIn = async (email: string, password: string) => !(await anon().auth.signInWithPassword({ email, password })).error;

describe("resetPassword", () => {
  test("a session signed in with the password cannot set a new one without the current password", async () => {
    const email = await newUser();
    const client = anon();
    expect((await client.auth.signInWithPassword({ email, password: OLD })).error).toBeNull();

    const result = await reset(client, NEW);
    expect(result).toMatchObject({ error: "Your reset link has expired. Request a new one." });
    expect(await canSignIn(email, OLD)).toBe(true);
    expect(await canSignIn(email, NEW)).toBe(false);
  });

  test("a session the reset link opened sets the new password", async () => {
    const email = await newUser();
    const { data: link, error } = await admin.auth.admin.generateLink({ type: "recovery", email });
    expect(error).toBeNull();
    const client = anon();
    const verified = await client.auth.verifyOtp({ type: "recovery", token_hash: link.properties!.hashed_token });
    expect(verified.error).toBeNull();

    const result = await reset(client, NEW);
    expect(result).toEqual({ redirectedTo: "/login?notice=password_updated" });
    expect(await canSignIn(email, NEW)).toBe(true);
    expect(await canSignIn(email, OLD)).toBe(false);
  });
});
