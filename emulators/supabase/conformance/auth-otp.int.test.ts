// One-time codes and magic links: signInWithOtp for new and existing users,
// verifyOtp with the typed code or the token hash for every email type,
// shouldCreateUser, resend, reauthentication nonces for a password change, and
// the exact errors GoTrue gives for bad codes and bad requests.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authFetch, client, confirmedUser, latestMail, newPassword, query, startExtraEmulator, type ExtraEmulator } from "./auth-fixtures.ts";
import { adminClient, anonClient, target, uniqueEmail } from "./target.ts";

const t = target();
const APP = "http://localhost:3000";

describe.runIf(t.mailboxUrl !== null)("signInWithOtp", () => {
  test("a new address gets a user with options.data and a confirmation code; verifyOtp type email signs in", async () => {
    const email = uniqueEmail("otp-new");
    const sent = await anonClient().auth.signInWithOtp({ email, options: { data: { plan: "free" }, emailRedirectTo: `${APP}/welcome` } });
    expect(sent.error).toBeNull();
    expect(sent.data).toEqual({ user: null, session: null, messageId: undefined });
    const mail = await latestMail(email);
    expect(mail).toMatchObject({ type: "signup", redirect_to: `${APP}/welcome` });
    const [row] = await query<{ raw_user_meta_data: Record<string, unknown> }>("select raw_user_meta_data from auth.users where email = $1", [email]);
    expect(row?.raw_user_meta_data).toMatchObject({ plan: "free" });

    const { data, error } = await client().auth.verifyOtp({ email, token: mail.token!, type: "email" });
    expect(error).toBeNull();
    expect(data.session?.user).toMatchObject({ email, user_metadata: { plan: "free", email_verified: true } });
    expect(data.user?.email_confirmed_at).toBeTruthy();
  });

  test("a confirmed user gets a magic link: its token_hash works as type magiclink, its code as type email", async () => {
    const user = await confirmedUser("otp-magic");
    expect((await anonClient().auth.signInWithOtp({ email: user.email })).error).toBeNull();
    const first = await latestMail(user.email);
    expect(first).toMatchObject({ type: "magiclink", subject: "Your sign-in link" });
    const byHash = await client().auth.verifyOtp({ token_hash: first.token_hash!, type: "magiclink" });
    expect(byHash.error).toBeNull();
    expect(byHash.data.session?.user.id).toBe(user.id);
    // Used once, a link is gone.
    const reused = await client().auth.verifyOtp({ token_hash: first.token_hash!, type: "magiclink" });
    expect(reused.error).toMatchObject({ status: 403, code: "otp_expired", message: "Email link is invalid or has expired" });

    await new Promise((resolve) => setTimeout(resolve, 1100)); // max_frequency
    expect((await anonClient().auth.signInWithOtp({ email: user.email })).error).toBeNull();
    const second = await latestMail(user.email);
    const byCode = await client().auth.verifyOtp({ email: user.email, token: second.token!, type: "email" });
    expect(byCode.error).toBeNull();
    expect(byCode.data.user?.id).toBe(user.id);
  });

  test("shouldCreateUser false: an unknown or invalid address is 422 otp_disabled and creates nobody", async () => {
    const email = uniqueEmail("otp-nocreate");
    const unknown = await anonClient().auth.signInWithOtp({ email, options: { shouldCreateUser: false } });
    expect(unknown.error).toMatchObject({ status: 422, code: "otp_disabled", message: "Signups not allowed for otp" });
    const invalid = await anonClient().auth.signInWithOtp({ email: "nope", options: { shouldCreateUser: false } });
    expect(invalid.error).toMatchObject({ status: 422, code: "otp_disabled" });
    expect(await query("select 1 from auth.users where email = $1", [email])).toEqual([]);
  });

  test("an invalid address is 400 validation_failed", async () => {
    const { error } = await anonClient().auth.signInWithOtp({ email: "nope" });
    expect(error).toMatchObject({ status: 400, code: "validation_failed", message: "Unable to validate email address: invalid format" });
  });
});

describe("verifyOtp refusals", () => {
  test("a wrong code is 403 otp_expired; an unknown token hash too", async () => {
    const user = await confirmedUser("otp-wrong");
    const wrong = await client().auth.verifyOtp({ email: user.email, token: "000000", type: "email" });
    expect(wrong.error).toMatchObject({ status: 403, code: "otp_expired", message: "Token has expired or is invalid" });
    const hash = await client().auth.verifyOtp({ token_hash: "0".repeat(56), type: "recovery" });
    expect(hash.error).toMatchObject({ status: 403, code: "otp_expired", message: "Email link is invalid or has expired" });
  });

  test("malformed requests are 400 validation_failed with GoTrue's messages", async () => {
    const noType = await authFetch("/verify", { method: "POST", json: { token_hash: "abc" } });
    expect(noType).toMatchObject({ status: 400, body: { code: "validation_failed", message: "Verify requires a verification type" } });
    const both = await authFetch("/verify", { method: "POST", json: { type: "email", token: "1", token_hash: "abc" } });
    expect(both).toMatchObject({ status: 400, body: { message: "Verify requires either a token or a token hash" } });
    const badType = await authFetch("/verify", { method: "POST", json: { type: "bogus", token_hash: "abc" } });
    expect(badType).toMatchObject({ status: 400, body: { code: "validation_failed", message: "Invalid email verification type" } });
    const badEmail = await authFetch("/verify", { method: "POST", json: { type: "email", token: "123456", email: "nope" } });
    expect(badEmail).toMatchObject({ status: 422, body: { code: "validation_failed", message: "Invalid email format" } });
  });
});

describe.runIf(t.mailboxUrl !== null)("resend and recovery", () => {
  test("resend type signup mails a new code that verifies as type signup", async () => {
    const email = uniqueEmail("resend");
    await anonClient().auth.signUp({ email, password: newPassword() });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await anonClient().auth.resend({ type: "signup", email })).error).toBeNull();
    const mail = await latestMail(email);
    const { data, error } = await client().auth.verifyOtp({ email, token: mail.token!, type: "signup" });
    expect(error).toBeNull();
    expect(data.user?.email_confirmed_at).toBeTruthy();
  });

  test("resend with an unknown type is 400; for a confirmed user it sends nothing and answers 200", async () => {
    const bad = await authFetch("/resend", { method: "POST", json: { type: "magiclink", email: uniqueEmail("x") } });
    expect(bad).toMatchObject({ status: 400, body: { code: "validation_failed", message: "Missing one of these types: signup, email_change, sms, phone_change" } });
    const user = await confirmedUser("resend-confirmed");
    const { error } = await anonClient().auth.resend({ type: "signup", email: user.email });
    expect(error).toBeNull();
  });

  test("the recovery code verifies as type recovery and lets the user set a password", async () => {
    const user = await confirmedUser("recovery-otp");
    expect((await anonClient().auth.resetPasswordForEmail(user.email)).error).toBeNull();
    const mail = await latestMail(user.email);
    expect(mail.type).toBe("recovery");
    const supabase = client();
    const { error } = await supabase.auth.verifyOtp({ email: user.email, token: mail.token!, type: "recovery" });
    expect(error).toBeNull();
    const password = newPassword();
    expect((await supabase.auth.updateUser({ password })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email: user.email, password })).error).toBeNull();
  });

  test("a generated email_change_current code verifies as type email_change and waits for the new address", async () => {
    const user = await confirmedUser("gen-change");
    const newEmail = uniqueEmail("gen-change-new");
    const link = await adminClient().auth.admin.generateLink({ type: "email_change_current", email: user.email, newEmail });
    expect(link.error).toBeNull();
    const { data, error } = await client().auth.verifyOtp({ email: user.email, token: link.data.properties!.email_otp, type: "email_change" });
    expect(error).toBeNull();
    expect(data).toMatchObject({ user: null, session: null });
  });
});

describe.runIf(t.isEmulator)("with secure_password_change on", () => {
  let extra: ExtraEmulator;
  beforeAll(async () => {
    extra = await startExtraEmulator({ auth: { email: { secure_password_change: true } } });
  });
  afterAll(() => extra?.stop());

  // A session younger than 24 hours may change the password without a nonce, so
  // the session row is backdated to make the nonce necessary.
  test("an old session needs a nonce from reauthenticate: none is 400, a wrong one 422, the mailed one works", async () => {
    const user = await confirmedUser("reauth");
    const supabase = client(extra.url);
    const signIn = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
    expect(signIn.error).toBeNull();
    await query("update auth.sessions set created_at = now() - interval '2 days' where user_id = $1", [user.id]);

    const missing = await supabase.auth.updateUser({ password: newPassword() });
    expect(missing.error).toMatchObject({ status: 400, code: "reauthentication_needed", message: "Password update requires reauthentication" });
    const wrong = await supabase.auth.updateUser({ password: newPassword(), nonce: "000000" });
    expect(wrong.error).toMatchObject({ status: 422, code: "reauthentication_not_valid", message: "Nonce has expired or is invalid" });

    expect((await supabase.auth.reauthenticate()).error).toBeNull();
    const mail = await latestMail(user.email, extra.mailboxUrl);
    expect(mail.type).toBe("reauthentication");
    const password = newPassword();
    expect((await supabase.auth.updateUser({ password, nonce: mail.token! })).error).toBeNull();
    expect((await client(extra.url).auth.signInWithPassword({ email: user.email, password })).error).toBeNull();
  });

  test("a fresh session changes the password without a nonce", async () => {
    const user = await confirmedUser("reauth-fresh");
    const supabase = client(extra.url);
    await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
    expect((await supabase.auth.updateUser({ password: newPassword() })).error).toBeNull();
  });
});

describe.runIf(t.isEmulator)("with the email provider off", () => {
  let extra: ExtraEmulator;
  beforeAll(async () => {
    extra = await startExtraEmulator({ auth: { email: { enabled: false } } });
  });
  afterAll(() => extra?.stop());

  test("resetPasswordForEmail is 400 and signInWithOtp 422 email_provider_disabled", async () => {
    const email = uniqueEmail("no-email");
    const reset = await client(extra.url).auth.resetPasswordForEmail(email);
    expect(reset.error).toMatchObject({ status: 400, code: "email_provider_disabled", message: "Email logins are disabled" });
    const otp = await client(extra.url).auth.signInWithOtp({ email });
    expect(otp.error).toMatchObject({ status: 422, code: "email_provider_disabled", message: "Email logins are disabled" });
  });
});
