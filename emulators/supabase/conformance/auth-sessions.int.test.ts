// Sessions and tokens: the access token's claims and ES256 signature (checked by
// getClaims against the JWKS, without asking the server), refresh token rotation
// and reuse detection, and signing out one, the other or all sessions.
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authFetch, client, confirmedUser, query, signedIn, startExtraEmulator, type ExtraEmulator } from "./auth-fixtures.ts";
import { target } from "./target.ts";

const t = target();

describe("access tokens", () => {
  test("are ES256 JWTs with GoTrue's claims, backed by a session row", async () => {
    const { id, email, session } = await signedIn("claims");
    const header = decodeProtectedHeader(session.access_token);
    const jwks = (await authFetch("/.well-known/jwks.json")).body as { keys: { kid: string; kty: string; crv: string; d?: string }[] };
    expect(header.alg).toBe("ES256");
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);

    const claims = decodeJwt(session.access_token);
    expect(claims).toMatchObject({
      iss: `${t.url}/auth/v1`,
      sub: id,
      aud: "authenticated",
      role: "authenticated",
      email,
      phone: "",
      aal: "aal1",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
    });
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(session.expires_at).toBe(claims.exp);
    expect(session.expires_in).toBeGreaterThan(3590);

    const rows = await query<{ user_id: string }>("select user_id from auth.sessions where id = $1", [claims.session_id]);
    expect(rows).toEqual([{ user_id: id }]);
  });

  test("getClaims verifies the signature against the JWKS without calling /user", async () => {
    const user = await confirmedUser("getclaims");
    const paths: string[] = [];
    const memory = new Map<string, string>();
    const supabase = client(undefined, undefined, {
      global: {
        fetch: (input, init) => {
          paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
          return fetch(input, init);
        },
      },
      auth: {
        persistSession: true,
        storage: { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k) },
      },
    });
    const signIn = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
    expect(signIn.error).toBeNull();
    paths.length = 0;

    const { data, error } = await supabase.auth.getClaims();
    expect(error).toBeNull();
    expect(data?.claims.sub).toBe(user.id);
    expect(paths).toEqual(["/auth/v1/.well-known/jwks.json"]);
    await supabase.auth.getClaims();
    expect(paths).not.toContain("/auth/v1/user");

    const [head, payload, signature] = signIn.data.session!.access_token.split(".");
    const flipped = `${signature![0] === "A" ? "B" : "A"}${signature!.slice(1)}`;
    const forged = await supabase.auth.getClaims(`${head}.${payload}.${flipped}`);
    expect(forged.error?.message).toBe("Invalid JWT signature");
  });
});

describe("refresh tokens", () => {
  test("rotate on every refresh; reusing the parent of the active token returns that token", async () => {
    const { supabase, session } = await signedIn("rotate");
    const first = session.refresh_token;
    expect(first).toMatch(/^[a-z0-9]{12}$/);

    const refreshed = await supabase.auth.refreshSession({ refresh_token: first });
    expect(refreshed.error).toBeNull();
    const second = refreshed.data.session!.refresh_token;
    expect(second).not.toBe(first);
    const rows = await query<{ token: string; revoked: boolean; parent: string | null }>(
      "select token, revoked, parent from auth.refresh_tokens where token = any($1) order by id",
      [[first, second]],
    );
    expect(rows).toEqual([
      { token: first, revoked: true, parent: null },
      { token: second, revoked: false, parent: first },
    ]);

    // The client lost the first response and retries: it gets the same child, not a third token.
    const retried = await client().auth.refreshSession({ refresh_token: first });
    expect(retried.error).toBeNull();
    expect(retried.data.session!.refresh_token).toBe(second);
    expect(decodeJwt(retried.data.session!.access_token).session_id).toBe(decodeJwt(session.access_token).session_id);
  });

  test("an unknown or malformed refresh token is refused", async () => {
    const unknown = await client().auth.refreshSession({ refresh_token: "abcdefghijkl" });
    expect(unknown.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    const malformed = await authFetch("/token?grant_type=refresh_token", { method: "POST", json: { refresh_token: "short" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ code: "validation_failed", message: "Refresh token is not valid" });
  });

  describe.runIf(t.isEmulator)("with refresh_token_reuse_interval = 0", () => {
    let extra: ExtraEmulator;
    beforeAll(async () => {
      extra = await startExtraEmulator({ auth: { refresh_token_reuse_interval: 0 } });
    });
    afterAll(() => extra?.stop());

    test("reusing an older revoked token revokes the whole session's tokens", async () => {
      const user = await confirmedUser("reuse");
      const supabase = client(extra.url);
      const { data } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
      const a = data.session!.refresh_token;
      const b = (await client(extra.url).auth.refreshSession({ refresh_token: a })).data.session!.refresh_token;
      const c = (await client(extra.url).auth.refreshSession({ refresh_token: b })).data.session!.refresh_token;

      const stolen = await client(extra.url).auth.refreshSession({ refresh_token: a });
      expect(stolen.error).toMatchObject({ status: 400, code: "refresh_token_already_used", message: "Invalid Refresh Token: Already Used" });
      const active = await query("select 1 from auth.refresh_tokens where token = $1 and revoked = false", [c]);
      expect(active).toEqual([]);
      const legitimate = await client(extra.url).auth.refreshSession({ refresh_token: c });
      expect(legitimate.error).toMatchObject({ code: "refresh_token_already_used" });
    });
  });
});

describe("sign-out", () => {
  async function sessions(email: string, password: string, count: number) {
    const out = [];
    for (let i = 0; i < count; i++) {
      const supabase = client();
      const { data, error } = await supabase.auth.signInWithPassword({ email, password });
      if (error) throw error;
      out.push({ supabase, session: data.session });
    }
    return out;
  }

  const userEndpoint = (accessToken: string) => authFetch("/user", { headers: { authorization: `Bearer ${accessToken}` } });

  test("scope others ends every other session, local ends this one, and their tokens stop working", async () => {
    const user = await confirmedUser("logout");
    const [mine, other1, other2] = await sessions(user.email, user.password, 3);

    const { error } = await mine!.supabase.auth.signOut({ scope: "others" });
    expect(error).toBeNull();
    expect((await userEndpoint(mine!.session.access_token)).status).toBe(200);
    for (const other of [other1!, other2!]) {
      const refused = await userEndpoint(other.session.access_token);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("session_not_found");
      const refresh = await client().auth.refreshSession({ refresh_token: other.session.refresh_token });
      expect(refresh.error).toMatchObject({ code: "refresh_token_not_found" });
    }

    const raw = await authFetch("/logout?scope=local", { method: "POST", headers: { authorization: `Bearer ${mine!.session.access_token}` } });
    expect(raw.status).toBe(204);
    expect((await userEndpoint(mine!.session.access_token)).body.code).toBe("session_not_found");
  });

  test("the default (global) scope ends all of the user's sessions", async () => {
    const user = await confirmedUser("logout-global");
    const [first, second] = await sessions(user.email, user.password, 2);
    await first!.supabase.auth.signOut();
    expect(await query("select 1 from auth.sessions where user_id = $1", [user.id])).toEqual([]);
    const { data, error } = await client().auth.getUser(second!.session.access_token);
    expect(data.user).toBeNull();
    expect(error?.name).toBe("AuthSessionMissingError");
  });

  test("an unknown scope is 400 and ends nothing", async () => {
    const { id, session } = await signedIn("logout-bad");
    const { status, body } = await authFetch("/logout?scope=everyone", { method: "POST", headers: { authorization: `Bearer ${session.access_token}` } });
    expect(status).toBe(400);
    expect(body).toEqual({ code: "validation_failed", message: 'Unsupported logout scope "everyone"' });
    expect(await query("select 1 from auth.sessions where user_id = $1", [id])).toHaveLength(1);
  });
});
