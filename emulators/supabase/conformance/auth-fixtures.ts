// Shared setup for the auth conformance files: passwords, users, the mailbox,
// raw GoTrue calls, and extra emulators with their own config.toml overrides
// (same database as the test stack). Everything except the extra emulators and
// the mailbox works against hosted Supabase too.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient, type SupabaseClientOptions } from "@supabase/supabase-js";
import pg from "pg";
import type { ConfigOverrides } from "../config.ts";
import type { MailMessage } from "../mailbox.ts";
import { freePort } from "../postgres.ts";
import { startSupabaseEmulator } from "../server.ts";
import { adminClient, target, uniqueEmail } from "./target.ts";

export const noSession = { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } as const;

/** Long and varied enough for any password_requirements setting. */
export function newPassword(): string {
  return `Pw1!${crypto.randomUUID()}`;
}

export function client(url = target().url, key = target().publishableKey, options: SupabaseClientOptions<"public"> = {}): SupabaseClient {
  return createClient(url, key, { ...options, auth: { ...noSession, ...options.auth } });
}

/** A confirmed user made with the admin API, and its password. */
export async function confirmedUser(label = "auth"): Promise<{ id: string; email: string; password: string }> {
  const email = uniqueEmail(label);
  const password = newPassword();
  const { data, error } = await adminClient().auth.admin.createUser({ email, password, email_confirm: true });
  if (error) throw error;
  return { id: data.user.id, email, password };
}

/** A client signed in as a fresh confirmed user. */
export async function signedIn(label = "auth") {
  const user = await confirmedUser(label);
  const supabase = client();
  const { data, error } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
  if (error) throw error;
  return { ...user, supabase, session: data.session };
}

/** The newest email to an address (optionally of one type), from a mailbox. */
export async function latestMail(to: string, mailboxUrl = target().mailboxUrl): Promise<MailMessage> {
  if (!mailboxUrl) throw new Error("this target has no mailbox to read");
  const response = await fetch(`${mailboxUrl}/api/messages/latest?to=${encodeURIComponent(to)}`);
  if (response.status !== 200) throw new Error(`no email to ${to} (mailbox answered ${response.status})`);
  return (await response.json()) as MailMessage;
}

export async function allMail(to: string, mailboxUrl = target().mailboxUrl): Promise<MailMessage[]> {
  if (!mailboxUrl) throw new Error("this target has no mailbox to read");
  return (await (await fetch(`${mailboxUrl}/api/messages?to=${encodeURIComponent(to)}`)).json()) as MailMessage[];
}

/** A raw call to the Auth API, as supabase-js sends it (API version 2024-01-01) unless told otherwise. */
export async function authFetch(
  pathAndQuery: string,
  init: RequestInit & { json?: unknown; apiVersion?: string | null; baseUrl?: string; apikey?: string } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const t = target();
  const headers = new Headers(init.headers);
  if (!headers.has("apikey")) headers.set("apikey", init.apikey ?? t.publishableKey);
  if (init.apiVersion !== null) headers.set("X-Supabase-Api-Version", init.apiVersion ?? "2024-01-01");
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const response = await fetch(`${init.baseUrl ?? t.url}/auth/v1${pathAndQuery}`, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    redirect: "manual",
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, headers: response.headers, body };
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: target().dbUrl });
  await db.connect();
  try {
    return (await db.query<T>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

export interface ExtraEmulator {
  url: string;
  mailboxUrl: string;
  stop(): Promise<void>;
}

/** A second emulator on the test database with config.toml overrides, e.g. confirmations off. */
export async function startExtraEmulator(overrides: ConfigOverrides): Promise<ExtraEmulator> {
  const t = target();
  if (!t.isEmulator) throw new Error("extra emulators only exist locally");
  mkdirSync(path.resolve(".local/test"), { recursive: true });
  const dataDir = mkdtempSync(path.resolve(".local/test", "auth-extra-"));
  const emulator = await startSupabaseEmulator({
    dbUrl: t.dbUrl,
    port: await freePort(),
    mailboxPort: await freePort(),
    dataDir,
    configOverrides: overrides,
    logLevel: "silent",
  });
  return {
    url: emulator.url,
    mailboxUrl: emulator.mailboxUrl,
    async stop() {
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The parameters of a redirect's fragment (`#a=1&b=2`). */
export function fragmentParams(location: string): URLSearchParams {
  return new URLSearchParams(location.split("#")[1] ?? "");
}
