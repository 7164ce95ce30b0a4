// Who a request runs as: two signed-in users isolated by row level security,
// anon and service role by key, the request.* settings functions see, role
// settings such as statement_timeout, and tokens that must be refused.
import { createClient } from "@supabase/supabase-js";
import * as jose from "jose";
import { beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, mintToken, rest, type RestUser, signedInUser } from "./rest-fixtures.ts";
import { adminClient, anonClient, target } from "./target.ts";

let alice: RestUser;
let bob: RestUser;

beforeAll(async () => {
  await applyRestFixture();
  [alice, bob] = await Promise.all([signedInUser("rest-alice"), signedInUser("rest-bob")]);
});

describe("row level security", () => {
  test("each user reads and changes only their own rows", async () => {
    const a = await alice.client.from("conf_notes").insert({ body: "alice's note" }).select("id, owner_id, body").single();
    expect(a.error).toBeNull();
    expect(a.data?.owner_id).toBe(alice.id);
    const b = await bob.client.from("conf_notes").insert({ body: "bob's note" }).select("id").single();
    expect(b.error).toBeNull();

    const seenByAlice = await alice.client.from("conf_notes").select("body");
    expect(seenByAlice.data).toEqual([{ body: "alice's note" }]);
    const seenByBob = await bob.client.from("conf_notes").select("body");
    expect(seenByBob.data).toEqual([{ body: "bob's note" }]);

    // Bob's update and delete of Alice's row match nothing.
    const update = await bob.client.from("conf_notes").update({ body: "hijacked" }).eq("id", a.data!.id).select();
    expect(update).toMatchObject({ status: 200, data: [] });
    const del = await bob.client.from("conf_notes").delete().eq("id", a.data!.id).select();
    expect(del.data).toEqual([]);
    const still = await alice.client.from("conf_notes").select("body").eq("id", a.data!.id).single();
    expect(still.data).toEqual({ body: "alice's note" });
  });

  test("writing a row for someone else violates the policy: 403 42501", async () => {
    const { status, error } = await bob.client.from("conf_notes").insert({ owner_id: alice.id, body: "forged" });
    expect(status).toBe(403);
    expect(error).toMatchObject({ code: "42501", message: 'new row violates row-level security policy for table "conf_notes"' });
  });

  test("anon without the privilege is 401 42501; the service role bypasses RLS", async () => {
    const anon = await anonClient().from("conf_notes").select("*");
    expect(anon.status).toBe(401);
    expect(anon.error).toMatchObject({ code: "42501", message: "permission denied for table conf_notes" });
    const asUser = await alice.client.from("conf_secrets").select("*");
    expect(asUser).toMatchObject({ status: 200, data: [] });
    const asService = await adminClient().from("conf_secrets").select("secret").eq("id", 1).single();
    expect(asService.data).toEqual({ secret: "the cake is a lie" });
  });
});

describe("request settings", () => {
  test("functions see the role, the JWT claims, method, path, headers and cookies", async () => {
    const client = createClient(target().url, target().publishableKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      accessToken: async () => alice.accessToken,
      global: { headers: { "x-conf-test": "hello", Cookie: "conf=crumb; other=1" } },
    });
    const { data, error } = await client.rpc("conf_request_info");
    expect(error).toBeNull();
    expect(data).toMatchObject({
      user: "authenticated",
      uid: alice.id,
      role: "authenticated",
      claims: { sub: alice.id, role: "authenticated" },
      method: "POST",
      path: "/rpc/conf_request_info",
      header: "hello",
      cookie: "crumb",
      // A stable function runs read-only even on POST, as in PostgREST.
      read_only: "on",
    });
    expect(data.search_path).toMatch(/public/);
    const viaGet = await client.rpc("conf_request_info", {}, { get: true });
    expect(viaGet.data).toMatchObject({ method: "GET", path: "/rpc/conf_request_info", read_only: "on" });
  });

  test("signed out, the publishable key runs as anon; the secret key as service_role", async () => {
    expect((await anonClient().rpc("conf_request_info")).data).toMatchObject({ user: "anon", uid: null, role: "anon" });
    expect((await adminClient().rpc("conf_request_info")).data).toMatchObject({ user: "service_role", role: "service_role" });
  });

  test("the anon role's statement_timeout (3s) applies: 500 57014", async () => {
    const { status, error } = await anonClient().rpc("conf_sleep", { seconds: 3.5 });
    expect(status).toBe(500);
    expect(error).toMatchObject({ code: "57014", message: "canceling statement due to statement timeout" });
  }, 20_000);
});

describe("refused tokens", () => {
  async function asToken(token: string) {
    return rest("/conf_books?select=id&limit=1", { token });
  }

  test("an expired token is 401 PGRST303 with a WWW-Authenticate challenge", async () => {
    const token = await mintToken({ sub: alice.id, role: "authenticated", exp: Math.floor(Date.now() / 1000) - 600 });
    const { status, json, headers } = await asToken(token);
    expect(status).toBe(401);
    expect(json).toEqual({ code: "PGRST303", details: null, hint: null, message: "JWT expired" });
    expect(headers.get("www-authenticate")).toBe('Bearer error="invalid_token", error_description="JWT expired"');
  });

  test("a token signed with another key is 401 PGRST301", async () => {
    const hs = await new jose.SignJWT({ sub: alice.id, role: "service_role" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("not-the-secret-not-the-secret-not-the-secret"));
    const hsResult = await asToken(hs);
    expect(hsResult.status).toBe(401);
    expect(hsResult.json).toMatchObject({ code: "PGRST301" });
    const { privateKey } = await jose.generateKeyPair("ES256");
    const es = await new jose.SignJWT({ sub: alice.id, role: "service_role" }).setProtectedHeader({ alg: "ES256", kid: "forged" }).setExpirationTime("1h").sign(privateKey);
    const esResult = await asToken(es);
    expect(esResult.status).toBe(401);
    expect(esResult.json).toMatchObject({ code: "PGRST301" });
  });

  test("alg none is 401 PGRST301", async () => {
    const body = Buffer.from(JSON.stringify({ sub: alice.id, role: "service_role", exp: Math.floor(Date.now() / 1000) + 3600 })).toString("base64url");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const { status, json } = await asToken(`${header}.${body}.`);
    expect(status).toBe(401);
    expect(json).toMatchObject({ code: "PGRST301", message: "Wrong or unsupported encoding algorithm" });
  });

  test("a token that is not a JWT, and an empty Bearer, are 401 PGRST301", async () => {
    const twoParts = await asToken("abc.def");
    expect(twoParts.status).toBe(401);
    expect(twoParts.json).toEqual({ code: "PGRST301", details: null, hint: null, message: "Expected 3 parts in JWT; got 2" });
    const empty = await rest("/conf_books?select=id", { headers: { Authorization: "Bearer " } });
    expect(empty.status).toBe(401);
    expect(empty.json).toMatchObject({ code: "PGRST301", message: "Empty JWT is sent in Authorization header" });
  });

  test("a valid token with a role that does not exist is 401; one the API may not switch to is 403", async () => {
    const missing = await asToken(await mintToken({ sub: alice.id, role: "no_such_role" }));
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ code: "22023", message: 'role "no_such_role" does not exist' });
    const superuser = await asToken(await mintToken({ sub: alice.id, role: "postgres" }));
    expect(superuser.status).toBe(403);
    expect(superuser.json).toMatchObject({ code: "42501", message: 'permission denied to set role "postgres"' });
  });
});
