// Where the conformance suite points: a hosted or Docker Supabase when
// SUPABASE_URL and keys are set, else the emulator the test setup started.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { inject } from "vitest";

export interface Target {
  url: string;
  publishableKey: string;
  secretKey: string;
  /** Direct Postgres URL, for fixtures and for checking what a call wrote. */
  dbUrl: string;
  /** Mailbox base URL; only the emulator has one. */
  mailboxUrl: string | null;
  isEmulator: boolean;
}

export function target(): Target {
  const url = process.env.SUPABASE_URL;
  if (url) {
    const publishableKey = process.env.SUPABASE_PUBLISHABLE_KEY;
    const secretKey = process.env.SUPABASE_SECRET_KEY;
    const dbUrl = process.env.SUPABASE_DB_URL;
    if (!publishableKey || !secretKey || !dbUrl) {
      throw new Error("With SUPABASE_URL set, also set SUPABASE_PUBLISHABLE_KEY, SUPABASE_SECRET_KEY and SUPABASE_DB_URL");
    }
    return { url, publishableKey, secretKey, dbUrl, mailboxUrl: process.env.SUPABASE_MAILBOX_URL ?? null, isEmulator: false };
  }
  const stack = inject("stack");
  return {
    url: stack.apiUrl,
    publishableKey: stack.publishableKey,
    secretKey: stack.secretKey,
    dbUrl: stack.dbUrl,
    mailboxUrl: stack.mailboxUrl,
    isEmulator: true,
  };
}

const noSession = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } } as const;

/** A client as a signed-out browser would make it (publishable key). */
export function anonClient(): SupabaseClient {
  const t = target();
  return createClient(t.url, t.publishableKey, noSession);
}

/** A client with the secret key (service role), as server code uses it. */
export function adminClient(): SupabaseClient {
  const t = target();
  return createClient(t.url, t.secretKey, noSession);
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}
