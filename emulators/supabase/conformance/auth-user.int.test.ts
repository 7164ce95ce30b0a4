// The signed-in user's own account: metadata, password change, email change
// confirmed on both addresses, password recovery, resend, magic link, and the
// PKCE flow where the email link carries a code instead of tokens.
import { decodeJwt } from "jose";
import { describe, expect, test } from "vitest";
import { allMail, authFetch, client, confirmedUser, latestMail, newPassword, query, signedIn } from "./auth-fixtures.ts";
import { target, uniqueEmail } from "./target.ts";

const t = target();
const APP = "http://localhost:3000";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("updateUser", () => {
  test("merges data into user_metadata; a null value removes a key", async () => {
    const { supabase } = await signedIn("metadata");
    await supabase.auth.updateUser({ data: { name: "Ada", theme: "dark" } });
    const { data, error } = await supabase.auth.updateUser({ data: { theme: null, plan: "pro" } });
    expect(error).toBeNull();
    expect(data.user?.user_metadata).toMatchObject({ name: "Ada", plan: "pro" });
    expect(data.user?.user_metadata).not.toHaveProperty("theme");
    const fetched = await supabase.auth.getUser();
    expect(fetched.data.user?.user_metadata).toMatchObject({ name: "Ada", plan: "pro" });
  });

  test("changes the password, refuses the same or a weak one, and signs out the other sessions", async () => {
    const user = await confirmedUser("password");
    const mine = client();
    await mine.auth.signInWithPassword({ email: user.email, password: user.password });
    const other = await client().auth.signInWithPassword({ email: user.email, password: user.password });

    const same = await mine.auth.updateUser({ password: user.password });
    expect(same.error).toMatchObject({ status: 422, code: "same_password", message: "New password should be different from the old password." });
    const weak = await mine.auth.updateUser({ password: "abc" });
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password" });

    const newOne = newPassword();
    const changed = await mine.auth.updateUser({ password: newOne });
    expect(changed.error).toBeNull();
    const oldSignIn = await client().auth.signInWithPassword({ email: user.email, password: user.password });
    expect(oldSignIn.error).toMatchObject({ code: "invalid_credentials" });
    expect((await client().auth.signInWithPassword({ email: user.email, password: newOne })).error).toBeNull();
    expect((await mine.auth.getUser()).error).toBeNull();
    expect((await client().auth.getUser(other.data.session!.access_token)).error?.name).toBe("AuthSessionMissingError");
  });

  test("app_metadata cannot be changed by the user", async () => {
    const { session } = await signedIn("appmeta");
    const { status, body } = await authFetch("/user", {
      method: "PUT",
      headers: { authorization: `Bearer ${session.access_token}` },
      json: { app_metadata: { role: "admin" } },
    });
    expect(status).toBe(403);
    expect(body.code).toBe("not_admin");
  });

  test("an address another user holds is 422 email_exists", async () => {
    const taken = await confirmedUser("taken");
    const { supabase } = await signedIn("wants-taken");
    const { error } = await supabase.auth.updateUser({ email: taken.email });
    expect(error).toMatchObject({ status: 422, code: "email_exists" });
  });

  test.runIf(t.isEmulator)("an email change needs the links sent to both the new and the current address", async () => {
    const { supabase, email, id } = await signedIn("change-old");
    const newEmail = uniqueEmail("change-new");
    const started = await supabase.auth.updateUser({ email: newEmail }, { emailRedirectTo: `${APP}/settings` });
    expect(started.error).toBeNull();
    expect(started.data.user).toMatchObject({ email, new_email: newEmail });

    const toNew = await latestMail(newEmail);
    const toCurrent = await latestMail(email);
    expect(toNew).toMatchObject({ type: "email_change", subject: "Confirm your new email address", redirect_to: `${APP}/settings` });
    expect(toCurrent.type).toBe("email_change");
    expect(toCurrent.token_hash).not.toBe(toNew.token_hash);

    const first = await client().auth.verifyOtp({ token_hash: toNew.token_hash!, type: "email_change" });
    expect(first.error).toBeNull();
    expect(first.data.session).toBeNull();
    expect((await query<{ email: string }>("select email from auth.users where id = $1", [id]))[0]!.email).toBe(email);

    const response = await fetch(toCurrent.confirmation_url!, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(new RegExp(`^${APP}/settings#access_token=`));
    const [row] = await query<{ email: string; email_change: string }>("select email, email_change from auth.users where id = $1", [id]);
    expect(row).toEqual({ email: newEmail, email_change: "" });
    const identity = await query<{ email: string }>("select email from auth.identities where user_id = $1", [id]);
    expect(identity).toEqual([{ email: newEmail }]);
  });
});

describe.runIf(t.isEmulator)("password recovery", () => {
  test("recover mails a link; verifying it signs in, and updateUser sets the new password", async () => {
    const user = await confirmedUser("recover");
    const { data, error } = await client().auth.resetPasswordForEmail(user.email, { redirectTo: `${APP}/reset-password` });
    expect(error).toBeNull();
    expect(data).toEqual({});
    const mail = await latestMail(user.email);
    expect(mail).toMatchObject({ type: "recovery", subject: "Reset your password", redirect_to: `${APP}/reset-password` });

    const supabase = client();
    const verified = await supabase.auth.verifyOtp({ token_hash: mail.token_hash!, type: "recovery" });
    expect(verified.error).toBeNull();
    expect(decodeJwt(verified.data.session!.access_token).amr).toEqual([{ method: "otp", timestamp: expect.any(Number) }]);
    const newOne = newPassword();
    expect((await supabase.auth.updateUser({ password: newOne })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email: user.email, password: newOne })).error).toBeNull();
  });

  test("answers 200 {} for an address without an account, and sends nothing", async () => {
    const email = uniqueEmail("no-account");
    const { data, error } = await client().auth.resetPasswordForEmail(email);
    expect(error).toBeNull();
    expect(data).toEqual({});
    expect(await allMail(email)).toEqual([]);
  });

  test("a second email within max_frequency is 429 over_email_send_rate_limit", async () => {
    const user = await confirmedUser("frequency");
    expect((await client().auth.resetPasswordForEmail(user.email)).error).toBeNull();
    // Move the stored sent-at a minute ahead, so the second request falls inside
    // the 1 s max_frequency window however long the machine takes to send it.
    await query("update auth.users set recovery_sent_at = now() + interval '1 minute' where id = $1", [user.id]);
    const again = await client().auth.resetPasswordForEmail(user.email);
    expect(again.error).toMatchObject({ status: 429, code: "over_email_send_rate_limit" });
    expect(again.error?.message).toMatch(/^For security purposes, you can only request this after \d+ seconds\.$/);
    expect(await allMail(user.email)).toHaveLength(1);
  });
});

describe.runIf(t.isEmulator)("resend, magic link and PKCE", () => {
  test("resend sends a new signup confirmation; the old link no longer works", async () => {
    const email = uniqueEmail("resend");
    await client().auth.signUp({ email, password: newPassword() });
    const first = await latestMail(email);
    await sleep(1100); // config.toml's max_frequency is 1s
    expect((await client().auth.resend({ type: "signup", email })).error).toBeNull();
    const second = await latestMail(email);
    expect(second.token_hash).not.toBe(first.token_hash);
    expect((await client().auth.verifyOtp({ token_hash: first.token_hash!, type: "signup" })).error?.code).toBe("otp_expired");
    expect((await client().auth.verifyOtp({ token_hash: second.token_hash!, type: "signup" })).error).toBeNull();
  });

  test("signInWithOtp mails a magic link to a confirmed user; shouldCreateUser false refuses unknown addresses", async () => {
    const user = await confirmedUser("magic");
    expect((await client().auth.signInWithOtp({ email: user.email, options: { emailRedirectTo: `${APP}/dashboard` } })).error).toBeNull();
    const mail = await latestMail(user.email);
    expect(mail).toMatchObject({ type: "magiclink", subject: "Your sign-in link", redirect_to: `${APP}/dashboard` });
    const { data, error } = await client().auth.verifyOtp({ email: user.email, token: mail.token!, type: "email" });
    expect(error).toBeNull();
    expect(data.user?.id).toBe(user.id);

    const unknown = await client().auth.signInWithOtp({ email: uniqueEmail("magic-none"), options: { shouldCreateUser: false } });
    expect(unknown.error).toMatchObject({ status: 422, code: "otp_disabled", message: "Signups not allowed for otp" });
  });

  test("a PKCE signup's link redirects with ?code, which exchangeCodeForSession trades for a session", async () => {
    const email = uniqueEmail("pkce");
    const supabase = client(undefined, undefined, { auth: { flowType: "pkce" } });
    const { error } = await supabase.auth.signUp({ email, password: newPassword(), options: { emailRedirectTo: `${APP}/auth/callback` } });
    expect(error).toBeNull();
    const mail = await latestMail(email);
    expect(mail.token_hash!.startsWith("pkce_")).toBe(true);

    const response = await fetch(mail.confirmation_url!, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${APP}/auth/callback`);
    expect(location.hash).toBe("");
    const code = location.searchParams.get("code")!;
    expect(code).toMatch(/^[0-9a-f-]{36}$/);

    const wrongVerifier = await authFetch("/token?grant_type=pkce", { method: "POST", json: { auth_code: code, code_verifier: "x".repeat(50) } });
    expect(wrongVerifier.body).toEqual({ code: "bad_code_verifier", message: "code challenge does not match previously saved code verifier" });

    const exchanged = await supabase.auth.exchangeCodeForSession(code);
    expect(exchanged.error).toBeNull();
    expect(exchanged.data.user?.email).toBe(email);
    expect(decodeJwt(exchanged.data.session!.access_token).amr).toEqual([{ method: "email/signup", timestamp: expect.any(Number) }]);

    const replay = await authFetch("/token?grant_type=pkce", { method: "POST", json: { auth_code: code, code_verifier: "x".repeat(50) } });
    expect(replay.status).toBe(404);
    expect(replay.body.code).toBe("flow_state_not_found");
  });

  test("PKCE recovery and email change: the links carry codes, the first of two email-change links a message", async () => {
    const user = await confirmedUser("pkce-flows");
    const memory = new Map<string, string>();
    const supabase = client(undefined, undefined, {
      auth: {
        flowType: "pkce",
        persistSession: true,
        storage: { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v), removeItem: (k) => void memory.delete(k) },
      },
    });
    await supabase.auth.resetPasswordForEmail(user.email, { redirectTo: `${APP}/auth/confirm?next=/reset-password` });
    const recovery = await latestMail(user.email);
    const recoveryRedirect = new URL((await fetch(recovery.confirmation_url!, { redirect: "manual" })).headers.get("location")!);
    expect(recoveryRedirect.searchParams.get("next")).toBe("/reset-password");
    const exchanged = await supabase.auth.exchangeCodeForSession(recoveryRedirect.searchParams.get("code")!);
    expect(exchanged.error).toBeNull();
    // auth-js returns redirectType at run time but its AuthTokenResponse type omits it.
    expect((exchanged.data as { redirectType?: string | null }).redirectType).toBe("recovery");

    const newEmail = uniqueEmail("pkce-new");
    expect((await supabase.auth.updateUser({ email: newEmail }, { emailRedirectTo: `${APP}/auth/confirm?next=/settings` })).error).toBeNull();
    const first = await fetch((await latestMail(newEmail)).confirmation_url!, { redirect: "manual" });
    const firstLocation = first.headers.get("location")!;
    expect(new URL(firstLocation).searchParams.get("message")).toBe(
      "Confirmation link accepted. Please proceed to confirm link sent to the other email",
    );
    const second = await fetch((await latestMail(user.email)).confirmation_url!, { redirect: "manual" });
    const code = new URL(second.headers.get("location")!).searchParams.get("code")!;
    const changed = await supabase.auth.exchangeCodeForSession(code);
    expect(changed.error).toBeNull();
    expect(changed.data.user?.email).toBe(newEmail);
  });
});
