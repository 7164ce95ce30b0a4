// Sign-up and sign-in: with email confirmations on (the project's config.toml)
// and off (an extra emulator), the confirmation email and both ways to use it,
// and the refusals GoTrue gives, each of which writes nothing.
import { AuthApiError, AuthWeakPasswordError } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  authFetch,
  client,
  fragmentParams,
  latestMail,
  newPassword,
  query,
  startExtraEmulator,
  type ExtraEmulator,
} from "./auth-fixtures.ts";
import { target, uniqueEmail } from "./target.ts";

const t = target();
const APP = "http://localhost:3000";

describe("sign-up with email confirmations on", () => {
  test("returns the new user without a session and writes the user, its identity and a bcrypt hash", async () => {
    const email = uniqueEmail("MixedCase");
    const { data, error } = await client().auth.signUp({ email, password: newPassword(), options: { data: { name: "Ada" } } });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    const user = data.user!;
    expect(user).toMatchObject({
      aud: "authenticated",
      role: "authenticated",
      email: email.toLowerCase(),
      phone: "",
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { name: "Ada", email: email.toLowerCase(), email_verified: false, phone_verified: false, sub: user.id },
      is_anonymous: false,
    });
    expect(user.confirmation_sent_at).toBeTruthy();
    expect(user.email_confirmed_at).toBeUndefined();
    expect(user.identities).toHaveLength(1);
    expect(user.identities![0]).toMatchObject({ provider: "email", id: user.id, user_id: user.id });

    const [row] = await query<{ encrypted_password: string; instance_id: string }>(
      "select encrypted_password, instance_id from auth.users where id = $1",
      [user.id],
    );
    expect(row!.encrypted_password).toMatch(/^\$2[aby]\$10\$/);
    expect(row!.instance_id).toBe("00000000-0000-0000-0000-000000000000");
    const identities = await query("select provider from auth.identities where user_id = $1", [user.id]);
    expect(identities).toEqual([{ provider: "email" }]);
  });

  test("refuses to sign in until the email is confirmed, then verifyOtp with the token_hash signs in", async () => {
    const email = uniqueEmail("confirm");
    const password = newPassword();
    const supabase = client();
    await supabase.auth.signUp({ email, password, options: { emailRedirectTo: `${APP}/auth/confirm` } });

    const early = await supabase.auth.signInWithPassword({ email, password });
    expect(early.error).toBeInstanceOf(AuthApiError);
    expect(early.error).toMatchObject({ status: 400, code: "email_not_confirmed", message: "Email not confirmed" });

    if (!t.mailboxUrl) return;
    const mail = await latestMail(email);
    expect(mail).toMatchObject({ type: "signup", to: email, subject: "Confirm your email address", redirect_to: `${APP}/auth/confirm` });
    expect(mail.confirmation_url).toBe(`${t.url}/auth/v1/verify?token=${mail.token_hash}&type=signup&redirect_to=${APP}/auth/confirm`);
    expect(mail.html).toContain(mail.confirmation_url!.replaceAll("&", "&amp;"));
    expect(mail.token).toMatch(/^\d{6}$/);

    const verified = await supabase.auth.verifyOtp({ token_hash: mail.token_hash!, type: "signup" });
    expect(verified.error).toBeNull();
    expect(verified.data.session?.token_type).toBe("bearer");
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
    expect(verified.data.user?.user_metadata.email_verified).toBe(true);

    const again = await client().auth.verifyOtp({ token_hash: mail.token_hash!, type: "signup" });
    expect(again.error).toMatchObject({ status: 403, code: "otp_expired", message: "Email link is invalid or has expired" });

    const signedIn = await client().auth.signInWithPassword({ email, password });
    expect(signedIn.error).toBeNull();
    expect(signedIn.data.user?.last_sign_in_at).toBeTruthy();
  });

  test.runIf(t.isEmulator)("the email's GET link confirms and redirects 303 with the session in the fragment", async () => {
    const email = uniqueEmail("link");
    await client().auth.signUp({ email, password: newPassword(), options: { emailRedirectTo: `${APP}/welcome` } });
    const mail = await latestMail(email);

    const response = await fetch(mail.confirmation_url!, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location.startsWith(`${APP}/welcome#`)).toBe(true);
    const fragment = fragmentParams(location);
    expect(fragment.get("type")).toBe("signup");
    expect(fragment.get("token_type")).toBe("bearer");
    expect(Number(fragment.get("expires_in"))).toBeGreaterThan(3500);
    expect(fragment.get("refresh_token")).toMatch(/^[a-z0-9]{12}$/);

    const { data, error } = await client().auth.getUser(fragment.get("access_token")!);
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);

    const reused = await fetch(mail.confirmation_url!, { redirect: "manual" });
    const failure = fragmentParams(reused.headers.get("location")!);
    expect(reused.headers.get("location")!.startsWith(`${APP}/welcome#`)).toBe(true);
    expect(Object.fromEntries(failure)).toEqual({
      error: "access_denied",
      error_code: "otp_expired",
      error_description: "Email link is invalid or has expired",
      sb: "",
    });
  });

  test.runIf(t.isEmulator)("verifyOtp with the email and the 6-digit code works too", async () => {
    const email = uniqueEmail("code");
    await client().auth.signUp({ email, password: newPassword() });
    const mail = await latestMail(email);
    const wrong = await client().auth.verifyOtp({ email, token: mail.token === "000000" ? "111111" : "000000", type: "email" });
    expect(wrong.error).toMatchObject({ status: 403, code: "otp_expired", message: "Token has expired or is invalid" });
    const { data, error } = await client().auth.verifyOtp({ email, token: mail.token!, type: "email" });
    expect(error).toBeNull();
    expect(data.session?.user.email).toBe(email);
  });

  test.runIf(t.isEmulator)("a redirect outside the allow list falls back to site_url; a glob match is kept", async () => {
    const outside = uniqueEmail("evil");
    await client().auth.signUp({ email: outside, password: newPassword(), options: { emailRedirectTo: "https://evil.example.net/steal" } });
    expect((await latestMail(outside)).redirect_to).toBe(APP);

    const nested = uniqueEmail("nested");
    await client().auth.signUp({ email: nested, password: newPassword(), options: { emailRedirectTo: `${APP}/auth/confirm?next=/projects` } });
    const mail = await latestMail(nested);
    expect(mail.redirect_to).toBe(`${APP}/auth/confirm?next=/projects`);
    // GoTrue escapes a redirect only when it carries '&', '=' or '#'.
    expect(mail.confirmation_url).toContain(`redirect_to=${encodeURIComponent(`${APP}/auth/confirm?next=/projects`)}`);
  });

  test("signing up again with a confirmed address returns a look-alike user and no session", async () => {
    const email = uniqueEmail("again");
    const password = newPassword();
    const first = await client().auth.signUp({ email, password });
    const [real] = await query<{ id: string }>("update auth.users set email_confirmed_at = now() where id = $1 returning id", [first.data.user!.id]);
    const { data, error } = await client().auth.signUp({ email, password: newPassword(), options: { data: { plan: "x" } } });
    expect(error).toBeNull();
    expect(data.session).toBeNull();
    expect(data.user?.id).not.toBe(real!.id);
    expect(data.user).toMatchObject({ email, identities: [], user_metadata: { plan: "x" }, role: "" });
    const rows = await query("select id from auth.users where email = $1", [email]);
    expect(rows).toHaveLength(1);
  });
});

describe("sign-in and sign-up refusals", () => {
  test("a wrong password or an unknown address is invalid_credentials", async () => {
    const email = uniqueEmail("wrongpw");
    await client().auth.signUp({ email, password: newPassword() });
    for (const attempt of [
      { email, password: "not-the-password" },
      { email: uniqueEmail("nobody"), password: "whatever1" },
    ]) {
      const { data, error } = await client().auth.signInWithPassword(attempt);
      expect(data.session).toBeNull();
      expect(error).toBeInstanceOf(AuthApiError);
      expect(error).toMatchObject({ status: 400, code: "invalid_credentials", message: "Invalid login credentials" });
    }
  });

  test("a user inserted with SQL and pgcrypto's crypt() signs in; one with NULL token columns cannot, as on hosted", async () => {
    const insert = (email: string, tokens: string) =>
      query<{ id: string }>(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                                 raw_app_meta_data, raw_user_meta_data, created_at, updated_at ${tokens ? ", confirmation_token, recovery_token, email_change_token_new, email_change" : ""})
         values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
                 extensions.crypt('password123', extensions.gen_salt('bf')), now(), '{"provider":"email","providers":["email"]}', '{}', now(), now()
                 ${tokens})
         returning id`,
        [email],
      );
    const seeded = uniqueEmail("seeded");
    await insert(seeded, ", '', '', '', ''");
    const ok = await client().auth.signInWithPassword({ email: seeded, password: "password123" });
    expect(ok.error).toBeNull();
    expect(ok.data.user?.email).toBe(seeded);

    const careless = uniqueEmail("seeded-null");
    await insert(careless, "");
    const { status, body } = await authFetch("/token?grant_type=password", { method: "POST", json: { email: careless, password: "password123" } });
    expect(status).toBe(500);
    expect(body).toEqual({ code: "unexpected_failure", message: "Database error querying schema" });
  });

  test("a weak password is 422 weak_password with reasons, and nothing is written", async () => {
    const email = uniqueEmail("weak");
    const { error } = await client().auth.signUp({ email, password: "short" });
    expect(error).toBeInstanceOf(AuthWeakPasswordError);
    expect(error).toMatchObject({ status: 422, code: "weak_password", reasons: ["length"] });
    expect(await query("select 1 from auth.users where email = $1", [email])).toEqual([]);
  });

  test("an invalid email address is 400 validation_failed, and nothing is written", async () => {
    const { error } = await client().auth.signUp({ email: "not-an-email", password: newPassword() });
    expect(error).toMatchObject({ status: 400, code: "validation_failed", message: "Unable to validate email address: invalid format" });
    expect(await query("select 1 from auth.users where email = 'not-an-email'")).toEqual([]);
  });

  test("errors keep GoTrue's legacy shape for clients that send no API version", async () => {
    const { status, body, headers } = await authFetch("/token?grant_type=password", {
      method: "POST",
      json: { email: uniqueEmail("legacy"), password: "whatever1" },
      apiVersion: null,
    });
    expect(status).toBe(400);
    expect(body).toEqual({ code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" });
    expect(headers.get("x-supabase-api-version")).toBeNull();

    const current = await authFetch("/token?grant_type=password", { method: "POST", json: { email: uniqueEmail("v2024"), password: "whatever1" } });
    expect(current.body).toEqual({ code: "invalid_credentials", message: "Invalid login credentials" });
    expect(current.headers.get("x-supabase-api-version")).toBe("2024-01-01");
  });

  test("a body that is not JSON is 400 bad_json", async () => {
    const { status, body } = await authFetch("/signup", { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(status).toBe(400);
    expect(body.code).toBe("bad_json");
  });

  test.runIf(t.isEmulator)("a trigger on auth.users that fails makes signup a 500 and leaves no user", async () => {
    // Outside the exposed schemas, so the database lints and type generation that run alongside never see it.
    await query(`
      create schema if not exists conformance_auth;
      create or replace function conformance_auth.refuse_signup() returns trigger language plpgsql set search_path = '' as $$
      begin raise exception 'refused by test trigger'; end $$;
      comment on function conformance_auth.refuse_signup() is 'Test trigger: makes GoTrue-style signup fail.';
      revoke all on function conformance_auth.refuse_signup() from public;
      drop trigger if exists conformance_refuse_signup on auth.users;
      create trigger conformance_refuse_signup before insert on auth.users
        for each row when (new.email like 'trigger-refused-%') execute function conformance_auth.refuse_signup();`);
    try {
      const email = uniqueEmail("trigger-refused");
      const { status, body } = await authFetch("/signup", { method: "POST", json: { email, password: newPassword() } });
      expect(status).toBe(500);
      expect(body).toEqual({ code: "unexpected_failure", message: "Database error saving new user" });
      expect(await query("select 1 from auth.users where email = $1", [email])).toEqual([]);
    } finally {
      await query("drop trigger if exists conformance_refuse_signup on auth.users; drop schema if exists conformance_auth cascade");
    }
  });
});

describe.runIf(t.isEmulator)("sign-up with email confirmations off", () => {
  let extra: ExtraEmulator;
  beforeAll(async () => {
    extra = await startExtraEmulator({ auth: { email: { enable_confirmations: false } } });
  });
  afterAll(() => extra?.stop());

  test("signs the user in at once, and a second signup is 422 user_already_exists", async () => {
    const email = uniqueEmail("autoconfirm");
    const password = newPassword();
    const supabase = client(extra.url);
    const { data, error } = await supabase.auth.signUp({ email, password });
    expect(error).toBeNull();
    expect(data.session?.access_token).toBeTruthy();
    expect(data.user?.email_confirmed_at).toBeTruthy();
    expect((await fetch(`${extra.mailboxUrl}/api/messages/latest?to=${email}`)).status).toBe(404);

    const again = await client(extra.url).auth.signUp({ email, password });
    expect(again.error).toMatchObject({ status: 422, code: "user_already_exists", message: "User already registered" });

    const settings = await authFetch("/settings", { baseUrl: extra.url });
    expect(settings.body).toMatchObject({ mailer_autoconfirm: true, disable_signup: false, external: { email: true } });
  });
});

describe.runIf(t.isEmulator)("with email otp_expiry = 1", () => {
  let extra: ExtraEmulator;
  beforeAll(async () => {
    extra = await startExtraEmulator({ auth: { email: { otp_expiry: 1 } } });
  });
  afterAll(() => extra?.stop());

  test("a confirmation link used after otp_expiry seconds is 403 otp_expired and confirms nothing", async () => {
    const email = uniqueEmail("expired-link");
    await client(extra.url).auth.signUp({ email, password: newPassword() });
    const mail = await latestMail(email, extra.mailboxUrl);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { error } = await client(extra.url).auth.verifyOtp({ token_hash: mail.token_hash!, type: "signup" });
    expect(error).toMatchObject({ status: 403, code: "otp_expired", message: "Email link is invalid or has expired" });
    expect(await query("select email_confirmed_at from auth.users where email = $1", [email])).toEqual([{ email_confirmed_at: null }]);
  });
});
