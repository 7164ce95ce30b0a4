// Shared setup for the REST conformance files: the conf_ fixture schema, users
// signed in through the Auth API, raw HTTP calls for status codes and headers,
// and direct SQL to check what a call wrote. Works against the emulator and
// against a hosted project (SUPABASE_URL and keys set), except where a test
// needs the emulator's signing key to mint a token.
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import * as jose from "jose";
import pg from "pg";
import { loadSupabaseConfig } from "../config.ts";
import { type EmulatorKeys, loadKeys } from "../keys.ts";
import { adminClient, target, uniqueEmail } from "./target.ts";

const noSession = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } as const;

/** Applies fixtures/rest.sql once per database, serialised across parallel test files. */
export async function applyRestFixture(): Promise<void> {
  const sql = readFileSync(path.join(import.meta.dirname, "fixtures/rest.sql"), "utf8");
  const client = new pg.Client({ connectionString: target().dbUrl });
  await client.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock(hashtext('conformance rest fixture'))");
    await client.query(sql);
    await client.query("commit");
  } finally {
    await client.end();
  }
}

export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: target().dbUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

let keys: Promise<EmulatorKeys> | undefined;

/** The emulator's keys, to mint tokens; hosted Supabase never hands out its signing key. */
export function emulatorKeys(): Promise<EmulatorKeys> {
  if (!target().isEmulator) throw new Error("minting tokens needs the emulator's signing key");
  keys ??= loadKeys(loadSupabaseConfig());
  return keys;
}

/**
 * A token the target accepts, with any claims (an expired `exp`, an odd role).
 * The emulator signs with its own key; a hosted project needs its legacy JWT
 * secret in SUPABASE_JWT_SECRET.
 */
export async function mintToken(claims: Record<string, unknown>): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iat: now, exp: now + 3600, aud: "authenticated", ...claims };
  if (target().isEmulator) {
    const { signingKey, kid } = await emulatorKeys();
    return new jose.SignJWT(payload).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(signingKey);
  }
  const secret = process.env.SUPABASE_JWT_SECRET;
  if (!secret) throw new Error("set SUPABASE_JWT_SECRET (the project's legacy JWT secret) to mint test tokens for a hosted target");
  return new jose.SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

let authAnswers: Promise<boolean> | undefined;

function authApiAvailable(): Promise<boolean> {
  authAnswers ??= fetch(`${target().url}/auth/v1/health`, { headers: { apikey: target().publishableKey } }).then((r) => r.status !== 501);
  return authAnswers;
}

export interface RestUser {
  id: string;
  accessToken: string;
  client: SupabaseClient;
}

/**
 * A client signed in as a fresh user: created with the admin API and signed in
 * with a password, as on hosted Supabase; if the Auth API is not served, the
 * emulator mints the access token GoTrue would issue.
 */
export async function signedInUser(label = "rest"): Promise<RestUser> {
  const t = target();
  const email = uniqueEmail(label);
  let id: string;
  let accessToken: string;
  if (await authApiAvailable()) {
    const password = `Pw1!${crypto.randomUUID()}`;
    const created = await adminClient().auth.admin.createUser({ email, password, email_confirm: true });
    if (created.error) throw created.error;
    const signedIn = await createClient(t.url, t.publishableKey, { auth: noSession }).auth.signInWithPassword({ email, password });
    if (signedIn.error) throw signedIn.error;
    id = created.data.user.id;
    accessToken = signedIn.data.session.access_token;
  } else {
    id = crypto.randomUUID();
    accessToken = await (await emulatorKeys()).signAccessToken({ sub: id, role: "authenticated", aud: "authenticated", email }, 3600);
  }
  const client = createClient(t.url, t.publishableKey, { auth: noSession, accessToken: async () => accessToken });
  return { id, accessToken, client };
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** A raw call to /rest/v1 with the publishable key (or `apikey`) and optional Bearer token. */
export async function rest(
  pathAndQuery: string,
  init: RequestInit & { token?: string; apikey?: string; json?: unknown } = {},
): Promise<RawResponse> {
  const t = target();
  const headers = new Headers(init.headers);
  if (!headers.has("apikey")) headers.set("apikey", init.apikey ?? t.publishableKey);
  if (init.token !== undefined) headers.set("Authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("Content-Type", "application/json");
  const response = await fetch(`${t.url}/rest/v1${pathAndQuery}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A label no other test (or earlier run) uses, for rows in conf_scratch. */
export function uniqueLabel(name: string): string {
  return `${name}-${crypto.randomUUID().slice(0, 8)}`;
}
