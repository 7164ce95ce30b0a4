// auth.admin.inviteUserByEmail (POST /invite): the invited user exists at once
// without a password, gets an invite email, and accepting it (the link or the
// code) confirms the address and signs them in so the app can ask for a password.
import { describe, expect, test } from "vitest";
import { authFetch, client, confirmedUser, fragmentParams, latestMail, newPassword, query, signedIn } from "./auth-fixtures.ts";
import { adminClient, target, uniqueEmail } from "./target.ts";

const t = target();
const APP = "http://localhost:3000";

describe("inviteUserByEmail", () => {
  test("creates an unconfirmed user with the metadata and mails an invite link to redirectTo", async () => {
    const email = uniqueEmail("invite");
    const { data, error } = await adminClient().auth.admin.inviteUserByEmail(email, {
      data: { team: "blue" },
      redirectTo: `${APP}/auth/confirm`,
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email, user_metadata: { team: "blue" }, app_metadata: { provider: "email", providers: ["email"] } });
    expect(data.user?.invited_at).toBeTruthy();
    expect(data.user?.confirmation_sent_at).toBeTruthy();
    expect(data.user?.email_confirmed_at).toBeUndefined();
    expect(data.user?.identities).toHaveLength(1);
    const [row] = await query<{ encrypted_password: string | null }>("select encrypted_password from auth.users where id = $1", [data.user!.id]);
    expect(row?.encrypted_password ?? "").toBe("");

    if (!t.mailboxUrl) return;
    const mail = await latestMail(email);
    expect(mail).toMatchObject({ type: "invite", subject: "You've been invited", redirect_to: `${APP}/auth/confirm` });
    expect(mail.confirmation_url).toContain("type=invite");

    // The link: 303 to redirectTo with a session in the fragment.
    const response = await fetch(mail.confirmation_url!, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location.startsWith(`${APP}/auth/confirm#`)).toBe(true);
    const fragment = fragmentParams(location);
    expect(fragment.get("type")).toBe("invite");
    const supabase = client();
    const session = await supabase.auth.setSession({ access_token: fragment.get("access_token")!, refresh_token: fragment.get("refresh_token")! });
    expect(session.error).toBeNull();
    expect(session.data.user?.email_confirmed_at).toBeTruthy();

    // The app then asks for a password, which signs them in from then on.
    const password = newPassword();
    expect((await supabase.auth.updateUser({ password })).error).toBeNull();
    expect((await client().auth.signInWithPassword({ email, password })).error).toBeNull();
  });

  test.runIf(t.isEmulator)("the code in the invite email works with verifyOtp type invite, once", async () => {
    const email = uniqueEmail("invite-otp");
    expect((await adminClient().auth.admin.inviteUserByEmail(email)).error).toBeNull();
    const mail = await latestMail(email);
    const { data, error } = await client().auth.verifyOtp({ email, token: mail.token!, type: "invite" });
    expect(error).toBeNull();
    expect(data.session?.user.email).toBe(email);
    const again = await client().auth.verifyOtp({ email, token: mail.token!, type: "invite" });
    expect(again.error).toMatchObject({ status: 403, code: "otp_expired", message: "Token has expired or is invalid" });
  });

  test("inviting a confirmed address is 422 email_exists; an invalid one is 400 validation_failed", async () => {
    const user = await confirmedUser("invite-taken");
    const taken = await adminClient().auth.admin.inviteUserByEmail(user.email);
    expect(taken.error).toMatchObject({
      status: 422,
      code: "email_exists",
      message: "A user with this email address has already been registered",
    });
    expect(taken.data.user).toBeNull();
    const invalid = await adminClient().auth.admin.inviteUserByEmail("not-an-email");
    expect(invalid.error).toMatchObject({ status: 400, code: "validation_failed", message: "Unable to validate email address: invalid format" });
    const missing = await authFetch("/invite", { method: "POST", apikey: t.secretKey, headers: { authorization: `Bearer ${t.secretKey}` }, json: {} });
    expect(missing).toMatchObject({ status: 400, body: { code: "validation_failed", message: "An email address is required" } });
  });

  test("inviting someone who signed up but never confirmed sends them an invite instead", async () => {
    const email = uniqueEmail("invite-pending");
    const signUp = await client().auth.signUp({ email, password: newPassword() });
    expect(signUp.error).toBeNull();
    const { data, error } = await adminClient().auth.admin.inviteUserByEmail(email);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(signUp.data.user?.id);
    expect(data.user?.invited_at).toBeTruthy();
    if (t.mailboxUrl) expect((await latestMail(email)).type).toBe("invite");
  });

  test("only the service role may invite: a user's token is 403 not_admin, none is 401", async () => {
    const { session } = await signedIn("invite-caller");
    const asUser = await authFetch("/invite", { method: "POST", headers: { authorization: `Bearer ${session.access_token}` }, json: { email: uniqueEmail("x") } });
    expect(asUser).toMatchObject({ status: 403, body: { code: "not_admin", message: "User not allowed" } });
    const anonymous = await authFetch("/invite", { method: "POST", json: { email: uniqueEmail("x") } });
    expect(anonymous.status).toBe(401);
  });
});
