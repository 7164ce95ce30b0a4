// A signed-in visitor stays signed in past the access token's expiry: proxy.ts
// (through updateSession) refreshes the session with the refresh token,
// rotating it, hands the new tokens to the page it forwards to and sets them
// as cookies. Driven with real cookies against an Auth emulator whose tokens
// live 2 seconds (jwt_expiry = 2), sharing the test stack's database.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { createServerClient } from "@supabase/ssr";
import { createClient } from "@supabase/supabase-js";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test, vi } from "vitest";
import { freePort } from "../../emulators/supabase/postgres";
import { startSupabaseEmulator, type RunningEmulator } from "../../emulators/supabase/server";

const stack = inject("stack");
const JWT_EXPIRY_SECONDS = 2;
const APP = "http://app.test";
const PASSWORD = "correct horse battery";

let emulator: RunningEmulator;
let dataDir: string;
let proxy: (request: NextRequest) => Promise<Response>;

beforeAll(async () => {
  mkdirSync(path.resolve(".local/test"), { recursive: true });
  dataDir = mkdtempSync(path.resolve(".local/test", "auth-refresh-"));
  emulator = await startSupabaseEmulator({
    dbUrl: stack.dbUrl,
    port: await freePort(),
    mailboxPort: await freePort(),
    dataDir,
    configOverrides: { auth: { jwt_expiry: JWT_EXPIRY_SECONDS } },
    logLevel: "silent",
  });
  // publicEnv() is read (and cached) on first use, which happens below.
  process.env.NEXT_PUBLIC_SITE_URL = APP;
  process.env.NEXT_PUBLIC_SUPABASE_URL = emulator.url;
  process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY = stack.publishableKey;
  ({ proxy } = await import("@/proxy"));
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await emulator?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Jar = Map<string, string>;

/** Signs in the way the app's server action does, collecting the auth cookies it sets. */
async function signedInJar(email: string): Promise<Jar> {
  const admin = createClient(emulator.url, stack.secretKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const { error } = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  if (error) throw error;
  const jar: Jar = new Map();
  const server = createServerClient(emulator.url, stack.publishableKey, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach(({ name, value }) => (value ? jar.set(name, value) : jar.delete(name))),
    },
  });
  const { error: signInError } = await server.auth.signInWithPassword({ email, password: PASSWORD });
  if (signInError) throw signInError;
  return jar;
}

function requestWith(jar: Jar, pathname: string): NextRequest {
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  return new NextRequest(new URL(pathname, APP), { headers: { cookie } });
}

/** The session the cookies hold (@supabase/ssr stores it as base64url JSON, maybe in chunks). */
function sessionIn(jar: Jar): { access_token: string; refresh_token: string; expires_at: number } {
  const names = [...jar.keys()].filter((name) => /-auth-token(\.\d+)?$/.test(name)).sort();
  const raw = names.map((name) => jar.get(name)).join("");
  return JSON.parse(Buffer.from(raw.replace(/^base64-/, ""), "base64url").toString("utf8"));
}

/** Applies the Set-Cookie headers of a response to the jar, as a browser would. */
function applySetCookies(jar: Jar, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(";");
    const [name, ...value] = pair!.split("=");
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
    if (expired) jar.delete(name!.trim());
    else jar.set(name!.trim(), value.join("="));
  }
}

/** What a server component of the forwarded request sees: the cookies proxy.ts passed on. */
async function userSeenByPage(request: NextRequest) {
  const page = createServerClient(emulator.url, stack.publishableKey, {
    cookies: { getAll: () => request.cookies.getAll(), setAll: () => undefined },
  });
  const { data } = await page.auth.getUser();
  return data.user;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("session refresh through proxy.ts", () => {
  test("a protected page stays signed in past access-token expiry, with rotated tokens each time", async () => {
    const email = `refresh-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const jar = await signedInJar(email);
    const first = sessionIn(jar);

    for (let round = 0; round < 2; round++) {
      const before = sessionIn(jar);
      await sleep((JWT_EXPIRY_SECONDS + 1) * 1000);
      expect(before.expires_at * 1000).toBeLessThan(Date.now()); // the cookie's access token has expired

      const request = requestWith(jar, "/dashboard");
      const response = await proxy(request);
      expect(response.status).toBe(200); // not a redirect to /login
      expect(response.headers.get("location")).toBeNull();
      expect(await userSeenByPage(request)).toMatchObject({ email });

      applySetCookies(jar, response);
      const after = sessionIn(jar);
      expect(after.refresh_token).not.toBe(before.refresh_token);
      expect(after.access_token).not.toBe(before.access_token);
      // A new token, issued after the old one expired, so it expires later.
      // (Not compared with Date.now(): with 2 s tokens a slow machine can pass that too.)
      expect(after.expires_at).toBeGreaterThan(before.expires_at);
    }
    expect(sessionIn(jar).refresh_token).not.toBe(first.refresh_token);
  });

  test("without a usable refresh token the protected page redirects to /login with next", async () => {
    const email = `revoked-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const jar = await signedInJar(email);
    const session = sessionIn(jar);
    // auth-js warns about the refused refresh (refresh_token_not_found); that is the path under test.
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    // Sign out everywhere: the refresh token is revoked on the server.
    const client = createClient(emulator.url, stack.publishableKey, { auth: { persistSession: false, autoRefreshToken: false } });
    await client.auth.setSession({ access_token: session.access_token, refresh_token: session.refresh_token });
    await client.auth.signOut({ scope: "global" });
    await sleep((JWT_EXPIRY_SECONDS + 1) * 1000);

    const response = await proxy(requestWith(jar, "/settings?tab=profile"));
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location")!).pathname).toBe("/login");
    expect(new URL(response.headers.get("location")!).searchParams.get("next")).toBe("/settings?tab=profile");
    // The dead session's cookies are cleared, so the next request doesn't try again.
    applySetCookies(jar, response);
    expect([...jar.keys()].filter((name) => name.includes("-auth-token"))).toEqual([]);
  });
});
