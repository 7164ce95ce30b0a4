// Sign-in methods config.toml turns off, and what GoTrue answers for them:
// anonymous sign-ins, OAuth providers, manual identity linking and MFA factors
// (the Supabase CLI's template disables all of them). Anonymous sign-ins are
// also checked switched on.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authFetch, client, confirmedUser, newPassword, signedIn, startExtraEmulator, type ExtraEmulator } from "./auth-fixtures.ts";
import { adminClient, anonClient, target, uniqueEmail } from "./target.ts";

const t = target();
const FACTOR = "8d6bb8e6-3a2c-4b8e-9c62-1b1f0f0b6f4e";

describe("with the CLI's defaults", () => {
  test("signInAnonymously is 422 anonymous_provider_disabled", async () => {
    const { data, error } = await anonClient().auth.signInAnonymously();
    expect(error).toMatchObject({ status: 422, code: "anonymous_provider_disabled", message: "Anonymous sign-ins are disabled" });
    expect(data.session).toBeNull();
  });

  test("the OAuth authorize URL of a disabled or unknown provider is 400 validation_failed", async () => {
    const { data, error } = await anonClient().auth.signInWithOAuth({ provider: "github", options: { skipBrowserRedirect: true } });
    expect(error).toBeNull();
    // A browser follows this URL, with no apikey and no API version, so the error is in the legacy shape.
    const response = await fetch(data.url!, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 400, error_code: "validation_failed", msg: "Unsupported provider: provider is not enabled" });
    const unknown = await authFetch("/authorize?provider=myspace");
    expect(unknown).toMatchObject({ status: 400, body: { code: "validation_failed", message: "Unsupported provider: Provider myspace could not be found" } });
  });

  test("linkIdentity and unlinkIdentity are 404 manual_linking_disabled", async () => {
    const { supabase } = await signedIn("link");
    const link = await supabase.auth.linkIdentity({ provider: "google" });
    expect(link.error).toMatchObject({ status: 404, code: "manual_linking_disabled", message: "Manual linking is disabled" });
    const { data } = await supabase.auth.getUserIdentities();
    expect(data?.identities).toHaveLength(1);
    const unlink = await supabase.auth.unlinkIdentity(data!.identities[0]!);
    expect(unlink.error).toMatchObject({ status: 404, code: "manual_linking_disabled" });
  });

  test("mfa.enroll is 422 for each disabled factor type and 400 for an unknown one", async () => {
    const { supabase } = await signedIn("mfa");
    const totp = await supabase.auth.mfa.enroll({ factorType: "totp" });
    expect(totp.error).toMatchObject({ status: 422, code: "mfa_totp_enroll_not_enabled", message: "MFA enroll is disabled for TOTP" });
    const phone = await supabase.auth.mfa.enroll({ factorType: "phone", phone: "+15555550100" });
    expect(phone.error).toMatchObject({ status: 422, code: "mfa_phone_enroll_not_enabled", message: "MFA enroll is disabled for Phone" });
    const { session } = await signedIn("mfa-raw");
    const other = await authFetch("/factors", { method: "POST", headers: { authorization: `Bearer ${session.access_token}` }, json: { factor_type: "sms" } });
    expect(other).toMatchObject({ status: 400, body: { code: "validation_failed", message: "factor_type needs to be totp, phone, or webauthn" } });
  });

  test("a factor the user does not have is 404 mfa_factor_not_found; a malformed id 404 validation_failed", async () => {
    const { supabase, session } = await signedIn("mfa-factor");
    const challenge = await supabase.auth.mfa.challenge({ factorId: FACTOR });
    expect(challenge.error).toMatchObject({ status: 404, code: "mfa_factor_not_found", message: "Factor not found" });
    const unenroll = await supabase.auth.mfa.unenroll({ factorId: FACTOR });
    expect(unenroll.error).toMatchObject({ status: 404, code: "mfa_factor_not_found" });
    const verify = await authFetch("/factors/not-a-uuid/verify", { method: "POST", headers: { authorization: `Bearer ${session.access_token}` }, json: { code: "123456" } });
    expect(verify).toMatchObject({ status: 404, body: { code: "validation_failed", message: "factor_id must be an UUID" } });
    const factors = await supabase.auth.mfa.listFactors();
    expect(factors.error).toBeNull();
    expect(factors.data?.all).toEqual([]);
    const aal = await supabase.auth.mfa.getAuthenticatorAssuranceLevel();
    expect(aal.data).toMatchObject({ currentLevel: "aal1", nextLevel: "aal1" });
  });

  test("admin.mfa lists no factors and cannot delete an unknown one", async () => {
    const user = await confirmedUser("admin-mfa");
    const list = await adminClient().auth.admin.mfa.listFactors({ userId: user.id });
    expect(list.error).toBeNull();
    expect(list.data?.factors).toEqual([]);
    const removed = await adminClient().auth.admin.mfa.deleteFactor({ userId: user.id, id: FACTOR });
    expect(removed.error).toMatchObject({ status: 404, code: "mfa_factor_not_found" });
    const nobody = await adminClient().auth.admin.mfa.listFactors({ userId: crypto.randomUUID() });
    expect(nobody.error).toMatchObject({ status: 404, code: "user_not_found" });
  });

  test("signUp checks the password before anything else", async () => {
    const { error } = await anonClient().auth.signUp({ email: uniqueEmail("order"), phone: "+15555550100", password: "" });
    expect(error).toMatchObject({ status: 400, code: "validation_failed", message: "Signup requires a valid password" });
  });
});

describe.runIf(t.isEmulator)("with enable_anonymous_sign_ins and confirmations off", () => {
  let extra: ExtraEmulator;
  beforeAll(async () => {
    extra = await startExtraEmulator({ auth: { enable_anonymous_sign_ins: true, email: { enable_confirmations: false } } });
  });
  afterAll(() => extra?.stop());

  test("signInAnonymously signs in a user with no address; adding an email makes them permanent", async () => {
    const supabase = client(extra.url);
    const { data, error } = await supabase.auth.signInAnonymously({ options: { data: { theme: "dark" } } });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ is_anonymous: true, email: "", app_metadata: {}, identities: [], user_metadata: { theme: "dark" } });
    const claims = decodeJwt(data.session!.access_token);
    expect(claims).toMatchObject({ is_anonymous: true, role: "authenticated" });
    expect((claims.amr as { method: string }[]).map((a) => a.method)).toEqual(["anonymous"]);

    const mfa = await supabase.auth.mfa.enroll({ factorType: "totp" });
    expect(mfa.error).toMatchObject({ status: 403, code: "no_authorization", message: "Anonymous user not allowed to perform these actions" });
    const password = await supabase.auth.updateUser({ password: newPassword() });
    expect(password.error).toMatchObject({
      status: 422,
      code: "validation_failed",
      message: "Updating password of an anonymous user without an email or phone is not allowed",
    });

    const email = uniqueEmail("anon-upgrade");
    const upgraded = await supabase.auth.updateUser({ email });
    expect(upgraded.error).toBeNull();
    expect(upgraded.data.user).toMatchObject({ email, is_anonymous: false, app_metadata: { provider: "email", providers: ["email"] } });
    expect(upgraded.data.user?.email_confirmed_at).toBeTruthy();
  });

  test("two anonymous users can coexist (no address is not a duplicate address)", async () => {
    const first = await client(extra.url).auth.signInAnonymously();
    const second = await client(extra.url).auth.signInAnonymously();
    expect(first.error).toBeNull();
    expect(second.error).toBeNull();
    expect(first.data.user?.id).not.toBe(second.data.user?.id);
  });
});
