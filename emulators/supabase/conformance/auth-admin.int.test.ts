// The admin API (service role only): create, list with pagination, get, update,
// ban, delete (hard and soft), generate_link; and refusals for other callers.
import { describe, expect, test } from "vitest";
import { authFetch, client, confirmedUser, newPassword, query, signedIn } from "./auth-fixtures.ts";
import { adminClient, target, uniqueEmail } from "./target.ts";

const t = target();
const admin = () => adminClient().auth.admin;

describe("admin users", () => {
  test("createUser with email_confirm makes a confirmed user who can sign in, with their metadata", async () => {
    const email = uniqueEmail("admin-create");
    const password = newPassword();
    const { data, error } = await admin().createUser({
      email,
      password,
      email_confirm: true,
      user_metadata: { name: "Grace" },
      app_metadata: { tier: "pro" },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      role: "authenticated",
      user_metadata: { name: "Grace", email_verified: true },
      app_metadata: { provider: "email", providers: ["email"], tier: "pro" },
    });
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect(data.user?.identities?.[0]?.identity_data).toMatchObject({ email, email_verified: false, sub: data.user!.id });
    expect((await client().auth.signInWithPassword({ email, password })).error).toBeNull();
    const profile = await query<{ email: string; name: string }>("select email, name from public.users where id = $1", [data.user!.id]);
    expect(profile).toEqual([{ email, name: "Grace" }]);
  });

  test("createUser without email_confirm leaves the user unconfirmed; a duplicate address is 422 email_exists", async () => {
    const email = uniqueEmail("admin-unconfirmed");
    const password = newPassword();
    const { data } = await admin().createUser({ email, password });
    expect(data.user?.email_confirmed_at).toBeUndefined();
    expect((await client().auth.signInWithPassword({ email, password })).error?.code).toBe("email_not_confirmed");
    const duplicate = await admin().createUser({ email, password });
    expect(duplicate.error).toMatchObject({ status: 422, code: "email_exists" });
  });

  test("listUsers pages with per_page and reports the total from the headers", async () => {
    // Users made by other files at the same time would shift the pages, so
    // these four get distinct created_at values a century ahead: always the
    // newest (on a persistent target too, where earlier runs left theirs).
    const mine: string[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const { id } = await confirmedUser("admin-list");
        await query("update auth.users set created_at = now() + interval '100 years' + $2::int * interval '1 second' where id = $1", [id, i]);
        mine.unshift(id); // newest first
      }
      const { data, error } = await admin().listUsers({ page: 1, perPage: 2 });
      if (error || !("total" in data)) throw error ?? new Error("listUsers returned no pagination");
      expect(data.users.map((u) => u.id)).toEqual(mine.slice(0, 2));
      // Other files create and delete users meanwhile, so no exact count to
      // compare with; the total counts every user, not just this page.
      expect(data.total).toBeGreaterThanOrEqual(mine.length);
      expect(data.nextPage).toBe(2);
      // auth-js reads only the first digit of each Link page number (so its
      // lastPage is unreliable once there are 10+ pages); check the header itself.
      const raw = await fetch(`${t.url}/auth/v1/admin/users?page=1&per_page=2`, {
        headers: { apikey: t.secretKey, authorization: `Bearer ${t.secretKey}` },
      });
      const last = /page=(\d+)&per_page=2>; rel="last"/.exec(raw.headers.get("link") ?? "");
      expect(Number(last?.[1])).toBe(Math.ceil(Number(raw.headers.get("x-total-count")) / 2));
      expect(Number(raw.headers.get("x-total-count"))).toBeGreaterThanOrEqual(mine.length);
      const second = await admin().listUsers({ page: 2, perPage: 2 });
      // newest first, and page 2 carries on where page 1 stopped
      expect(second.data.users.map((u) => u.id)).toEqual(mine.slice(2, 4));
      expect(Date.parse(data.users[0]!.created_at)).toBeGreaterThan(Date.parse(data.users[1]!.created_at));
    } finally {
      // Users dated a century ahead would head every later listing; remove them.
      for (const id of mine) await admin().deleteUser(id);
    }
  });

  test("getUserById, updateUserById (metadata, password, ban) and deleteUser", async () => {
    const user = await confirmedUser("admin-crud");
    const got = await admin().getUserById(user.id);
    expect(got.data.user?.email).toBe(user.email);

    const password = newPassword();
    const updated = await admin().updateUserById(user.id, { password, user_metadata: { name: "Lin" }, app_metadata: { tier: "team" } });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toMatchObject({ name: "Lin" });
    expect(updated.data.user?.app_metadata).toMatchObject({ tier: "team", provider: "email" });
    expect((await client().auth.signInWithPassword({ email: user.email, password })).error).toBeNull();

    const banned = await admin().updateUserById(user.id, { ban_duration: "24h" });
    expect(Date.parse(banned.data.user!.banned_until!)).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    const refused = await client().auth.signInWithPassword({ email: user.email, password });
    expect(refused.error).toMatchObject({ status: 400, code: "user_banned" });
    await admin().updateUserById(user.id, { ban_duration: "none" });
    expect((await client().auth.signInWithPassword({ email: user.email, password })).error).toBeNull();

    const deleted = await admin().deleteUser(user.id);
    expect(deleted.error).toBeNull();
    expect(await query("select 1 from auth.users where id = $1", [user.id])).toEqual([]);
    const gone = await admin().getUserById(user.id);
    expect(gone.error).toMatchObject({ status: 404, code: "user_not_found" });
  });

  test("a soft delete keeps the row but nothing that identifies the person", async () => {
    const user = await confirmedUser("admin-soft");
    expect((await admin().deleteUser(user.id, true)).error).toBeNull();
    const [row] = await query<{ email: string; deleted_at: Date | null; encrypted_password: string | null }>(
      "select email, deleted_at, encrypted_password from auth.users where id = $1",
      [user.id],
    );
    expect(row!.deleted_at).not.toBeNull();
    expect(row!.email).not.toContain("@");
    expect(row!.encrypted_password).toBeNull();
    expect((await client().auth.signInWithPassword({ email: user.email, password: user.password })).error?.code).toBe("invalid_credentials");
  });

  test("a malformed id is 404 validation_failed", async () => {
    const { status, body } = await authFetch("/admin/users/not-a-uuid", {
      apikey: t.secretKey,
      headers: { authorization: `Bearer ${t.secretKey}` },
    });
    expect(status).toBe(404);
    expect(body).toEqual({ code: "validation_failed", message: "user_id must be an UUID" });
  });

  test("generateLink returns the link and code an email would carry, without sending one", async () => {
    const user = await confirmedUser("admin-link");
    const { data, error } = await admin().generateLink({ type: "magiclink", email: user.email, options: { redirectTo: "http://localhost:3000/x" } });
    if (error || !data.properties) throw error ?? new Error("generateLink returned no properties");
    expect(data.properties).toMatchObject({ verification_type: "magiclink", redirect_to: "http://localhost:3000/x" });
    expect(data.properties.action_link).toBe(
      `${t.url}/auth/v1/verify?token=${data.properties.hashed_token}&type=magiclink&redirect_to=http://localhost:3000/x`,
    );
    const verified = await client().auth.verifyOtp({ token_hash: data.properties.hashed_token, type: "magiclink" });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.id).toBe(user.id);
  });
});

describe("admin endpoints refuse other callers", () => {
  test("a user's access token and the publishable key are 403 not_admin; no token is 401", async () => {
    const { session } = await signedIn("not-admin");
    for (const bearer of [session.access_token, t.publishableKey]) {
      const { status, body } = await authFetch("/admin/users", { headers: { authorization: `Bearer ${bearer}` } });
      expect(status).toBe(403);
      expect(body).toEqual({ code: "not_admin", message: "User not allowed" });
    }
    if (t.isEmulator) {
      // Hosted Supabase's gateway may mint a bearer from the apikey; GoTrue itself answers 401.
      const anonymous = await authFetch("/admin/users", { headers: {} });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ code: "no_authorization", message: "This endpoint requires a valid Bearer token" });
    }
    const viaClient = await client().auth.admin.listUsers();
    expect(viaClient.error).toMatchObject({ status: 403, code: "not_admin" });
  });
});
