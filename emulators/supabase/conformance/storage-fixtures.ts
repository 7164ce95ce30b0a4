// Shared setup for the storage conformance files: unique buckets, signed-in
// users, the fixture RLS policies, and cleanup. Like target.ts it works against
// the emulator and against a hosted project (SUPABASE_URL and keys set).
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { loadSupabaseConfig } from "../config.ts";
import { loadKeys } from "../keys.ts";
import { adminClient, target, uniqueEmail } from "./target.ts";

const noSession = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } as const;

/** A bucket id no other test file (or earlier run) uses; `conf-rls-*` ones get the fixture policies. */
export function uniqueBucket(label: string): string {
  return `conf-${label}-${crypto.randomUUID().slice(0, 8)}`;
}

export interface TestUser {
  id: string;
  email: string;
  client: SupabaseClient;
}

let authApiAnswers: Promise<boolean> | undefined;

/** Whether /auth/v1 is served; while the emulator's Auth API is unfinished it answers 501. */
function authApiAvailable(): Promise<boolean> {
  authApiAnswers ??= fetch(`${target().url}/auth/v1/health`, { headers: { apikey: target().publishableKey } }).then(
    (response) => response.status !== 501,
  );
  return authApiAnswers;
}

/**
 * A client signed in as a fresh user. Through the Auth API when it answers
 * (the only way against hosted Supabase, where tokens cannot be minted);
 * otherwise the emulator mints the access token GoTrue would issue, with its
 * own signing key.
 */
export async function signedInUser(label = "storage"): Promise<TestUser> {
  const t = target();
  const email = uniqueEmail(label);
  let id: string;
  let accessToken: string;
  if (await authApiAvailable()) {
    const password = `pw-${crypto.randomUUID()}`;
    const created = await adminClient().auth.admin.createUser({ email, password, email_confirm: true });
    if (created.error) throw created.error;
    const anon = createClient(t.url, t.publishableKey, { auth: noSession });
    const signedIn = await anon.auth.signInWithPassword({ email, password });
    if (signedIn.error) throw signedIn.error;
    id = created.data.user.id;
    accessToken = signedIn.data.session.access_token;
  } else {
    if (!t.isEmulator) throw new Error("the target's Auth API does not answer, and only the emulator's tokens can be minted");
    id = crypto.randomUUID();
    const keys = await loadKeys(loadSupabaseConfig());
    accessToken = await keys.signAccessToken({ sub: id, role: "authenticated", aud: "authenticated", email }, 3600);
  }
  const client = createClient(t.url, t.publishableKey, { accessToken: async () => accessToken });
  return { id, email, client };
}

/** Applies fixtures/storage.sql (idempotent; serialised in case several runs share a database). */
export async function applyStoragePolicies(): Promise<void> {
  const sql = readFileSync(path.join(import.meta.dirname, "fixtures/storage.sql"), "utf8");
  const client = new pg.Client({ connectionString: target().dbUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock(hashtext('conformance storage policies'))");
    await client.query(sql);
    await client.query("commit");
  } finally {
    await client.end();
  }
}

/**
 * Removes test buckets and everything in them, through the API as the service
 * role. Hosted Storage empties a bucket in the background, so deleting it is
 * retried for a while.
 */
export async function removeBuckets(ids: string[]): Promise<void> {
  const admin = adminClient();
  for (const id of ids) {
    await admin.storage.emptyBucket(id);
    for (let attempt = 0; attempt < 20; attempt++) {
      const { error } = await admin.storage.deleteBucket(id);
      if (!error || (error as { statusCode?: string }).statusCode === "404") break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Text of a downloaded Blob, or the error that came back instead. */
export async function textOf(result: { data: Blob | null; error: unknown }): Promise<string> {
  if (result.error || !result.data) throw result.error ?? new Error("no data");
  return result.data.text();
}
