// What the Auth API refuses: requests without a valid apikey, forged or expired
// access tokens, oversized bodies, and clients over the rate limits.
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authFetch, client, confirmedUser, newPassword, query, signedIn, startExtraEmulator, type ExtraEmulator } from "./auth-fixtures.ts";
import { target, uniqueEmail } from "./target.ts";

const t = target();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("API keys", () => {
  test("a request without an apikey, or with an unknown one, is 401", async () => {
    const missing = await fetch(`${t.url}/auth/v1/settings`);
    expect(missing.status).toBe(401);
    const unknown = await fetch(`${t.url}/auth/v1/settings`, { headers: { apikey: "sb_publishable_not-a-real-key" } });
    expect(unknown.status).toBe(401);
    const known = await authFetch("/settings");
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({ disable_signup: false, mailer_autoconfirm: false, external: { email: true, google: false } });
  });

  test("email links and the JWKS need no apikey", async () => {
    expect((await fetch(`${t.url}/auth/v1/.well-known/jwks.json`)).status).toBe(200);
    const verify = await fetch(`${t.url}/auth/v1/verify?token=nope&type=signup&redirect_to=http://localhost:3000/x`, { redirect: "manual" });
    expect(verify.status).toBe(303);
    expect(verify.headers.get("location")).toContain("error_code=otp_expired");
  });
});

describe("forged access tokens are refused with 403 bad_jwt", () => {
  async function userWith(token: string) {
    return authFetch("/user", { headers: { authorization: `Bearer ${token}` } });
  }

  test("signed with another key under the same kid, unsigned (alg none), or HS256 with a wrong secret", async () => {
    const { session } = await signedIn("forged");
    const claims = decodeJwt(session.access_token);
    const { kid } = decodeProtectedHeader(session.access_token);
    const { privateKey } = await generateKeyPair("ES256");
    const otherKey = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(privateKey);
    const unsigned = `${base64url({ alg: "none", typ: "JWT" })}.${base64url(claims)}.`;
    const wrongSecret = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode("x".repeat(40)));

    for (const forged of [otherKey, unsigned, wrongSecret]) {
      const { status, body } = await userWith(forged);
      expect(status).toBe(403);
      expect(body.code).toBe("bad_jwt");
      expect(String(body.message)).toMatch(/^invalid JWT: unable to parse or verify signature, /);
    }
    const viaClient = await client().auth.getUser(otherKey);
    expect(viaClient.error).toMatchObject({ status: 403, code: "bad_jwt" });
    expect((await userWith(session.access_token)).status).toBe(200);
  });

  test("a bearer that is not a JWT at all", async () => {
    const { status, body } = await userWith("not-a-jwt");
    expect(status).toBe(403);
    expect(body.code).toBe("bad_jwt");
  });

  describe.runIf(t.isEmulator)("with jwt_expiry = 1", () => {
    let extra: ExtraEmulator;
    beforeAll(async () => {
      extra = await startExtraEmulator({ auth: { jwt_expiry: 1 } });
    });
    afterAll(() => extra?.stop());

    test("an expired access token is refused, and refreshing the session works", async () => {
      const user = await confirmedUser("expiry");
      const supabase = client(extra.url);
      const { data } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
      expect(data.session?.expires_in).toBeLessThanOrEqual(1);
      await sleep(2100);
      const { status, body } = await authFetch("/user", { baseUrl: extra.url, headers: { authorization: `Bearer ${data.session!.access_token}` } });
      expect(status).toBe(403);
      expect(body).toEqual({ code: "bad_jwt", message: "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired" });
      const claims = await supabase.auth.getClaims(data.session!.access_token);
      expect(claims.error?.name).toBe("AuthInvalidJwtError");
      const refreshed = await supabase.auth.refreshSession();
      expect(refreshed.error).toBeNull();
      expect(refreshed.data.session?.access_token).not.toBe(data.session!.access_token);
    });
  });
});

describe("request bodies", () => {
  test("over 1 MiB is 413 request_entity_too_large, and nothing is written", async () => {
    const email = uniqueEmail("huge");
    const { status, body } = await authFetch("/signup", {
      method: "POST",
      json: { email, password: newPassword(), data: { blob: "x".repeat(1_100_000) } },
    });
    expect(status).toBe(413);
    expect(body.code).toBe("request_entity_too_large");
    expect(await query("select 1 from auth.users where email = $1", [email])).toEqual([]);
  });
});

describe.runIf(t.isEmulator)("rate limits", () => {
  let extra: ExtraEmulator;
  beforeAll(async () => {
    extra = await startExtraEmulator({
      auth: { rate_limit: { token_refresh: 1, email_sent: 1 }, email: { smtp: { enabled: true } } },
    });
  });
  afterAll(() => extra?.stop());

  test("a client past its burst of 30 sign-in attempts gets 429 over_request_rate_limit; another client does not", async () => {
    const attempt = (ip: string) =>
      authFetch("/token?grant_type=password", {
        baseUrl: extra.url,
        method: "POST",
        headers: { "x-forwarded-for": ip },
        json: { email: "nobody@example.com", password: "whatever1" },
      });
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await attempt("203.0.113.7")).status);
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
    const limited = await attempt("203.0.113.7");
    expect(limited.body).toEqual({ code: "over_request_rate_limit", message: "Request rate limit reached" });
    expect((await attempt("203.0.113.8")).status).toBe(400);
  });

  test("past email_sent emails an hour, signup is 429 over_email_send_rate_limit and creates no user", async () => {
    const first = uniqueEmail("quota-1");
    expect((await client(extra.url).auth.signUp({ email: first, password: newPassword() })).error).toBeNull();
    const second = uniqueEmail("quota-2");
    const { error } = await client(extra.url).auth.signUp({ email: second, password: newPassword() });
    expect(error).toMatchObject({ status: 429, code: "over_email_send_rate_limit", message: "email rate limit exceeded" });
    expect(await query("select 1 from auth.users where email = $1", [second])).toEqual([]);
  });
});
