// auth.admin.generateLink for every type, and admin user changes the other
// admin tests do not cover: a phone-only user (stored without an address) and
// an address change confirmed by the admin.
import { describe, expect, test } from "vitest";
import { client, confirmedUser, fragmentParams, newPassword, query } from "./auth-fixtures.ts";
import { adminClient, uniqueEmail } from "./target.ts";

const admin = () => adminClient().auth.admin;

describe("generateLink", () => {
  test("signup creates the user with its data; the hashed token confirms them", async () => {
    const email = uniqueEmail("gl-signup");
    const { data, error } = await admin().generateLink({ type: "signup", email, password: newPassword(), options: { data: { plan: "pro" } } });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email, user_metadata: { plan: "pro" } });
    expect(data.properties).toMatchObject({ verification_type: "signup" });
    expect(data.properties?.email_otp).toMatch(/^\d{6}$/);
    const verified = await client().auth.verifyOtp({ token_hash: data.properties!.hashed_token, type: "signup" });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.email_confirmed_at).toBeTruthy();
  });

  test("signup without a password is 400; recovery or email change for an unknown address is 404 user_not_found", async () => {
    const noPassword = await admin().generateLink({ type: "signup", email: uniqueEmail("gl-nopw"), password: "" });
    expect(noPassword.error).toMatchObject({ status: 400, code: "validation_failed", message: "Signup requires a valid password" });
    const recovery = await admin().generateLink({ type: "recovery", email: uniqueEmail("gl-nobody") });
    expect(recovery.error).toMatchObject({ status: 404, code: "user_not_found", message: "User with this email not found" });
    const change = await admin().generateLink({ type: "email_change_new", email: uniqueEmail("gl-nobody"), newEmail: uniqueEmail("gl-new") });
    expect(change.error).toMatchObject({ status: 404, code: "user_not_found" });
  });

  test("magiclink for an unknown address signs them up instead (verification_type signup)", async () => {
    const email = uniqueEmail("gl-magic-new");
    const { data, error } = await admin().generateLink({ type: "magiclink", email });
    expect(error).toBeNull();
    expect(data.properties?.verification_type).toBe("signup");
    expect(data.properties?.action_link).toContain("type=signup");
    const verified = await client().auth.verifyOtp({ email, token: data.properties!.email_otp, type: "email" });
    expect(verified.error).toBeNull();
  });

  test("invite marks the user invited; its link signs them in with type invite", async () => {
    const email = uniqueEmail("gl-invite");
    const { data, error } = await admin().generateLink({ type: "invite", email, options: { redirectTo: "http://localhost:3000/set-password" } });
    expect(error).toBeNull();
    expect(data.user?.invited_at).toBeTruthy();
    const response = await fetch(data.properties!.action_link, { redirect: "manual" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location.startsWith("http://localhost:3000/set-password#")).toBe(true);
    expect(fragmentParams(location).get("type")).toBe("invite");
    const again = await admin().generateLink({ type: "invite", email });
    expect(again.error).toMatchObject({ status: 422, code: "email_exists" });
  });

  test("recovery for a known user verifies as type recovery; an unknown type is 400", async () => {
    const user = await confirmedUser("gl-recovery");
    const { data, error } = await admin().generateLink({ type: "recovery", email: user.email });
    expect(error).toBeNull();
    const verified = await client().auth.verifyOtp({ token_hash: data.properties!.hashed_token, type: "recovery" });
    expect(verified.error).toBeNull();
    expect(verified.data.user?.id).toBe(user.id);
    const bogus = await admin().generateLink({ type: "bogus" as "signup", email: user.email, password: newPassword() });
    expect(bogus.error).toMatchObject({ status: 400, code: "validation_failed", message: "Invalid email action link type requested: bogus" });
  });
});

describe("GET /verify with type email", () => {
  test("redirects with the type the token turned out to be", async () => {
    const user = await confirmedUser("gl-email-type");
    const { data } = await admin().generateLink({ type: "magiclink", email: user.email });
    const link = data.properties!.action_link.replace("type=magiclink", "type=email");
    const response = await fetch(link, { redirect: "manual" });
    expect(response.status).toBe(303);
    const fragment = fragmentParams(response.headers.get("location")!);
    expect(fragment.get("type")).toBe("magiclink");
    expect(fragment.get("access_token")).toBeTruthy();
  });
});

describe("admin user changes", () => {
  test("two users with only a phone number can both be created (no address is not a duplicate)", async () => {
    const phone = () => `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const first = await admin().createUser({ phone: phone() });
    const second = await admin().createUser({ phone: phone() });
    expect(first.error).toBeNull();
    expect(second.error).toBeNull();
    expect(first.data.user).toMatchObject({ email: "", app_metadata: { provider: "phone", providers: ["phone"] } });
    const rows = await query<{ email: string | null }>("select email from auth.users where id = any($1::uuid[])", [[first.data.user!.id, second.data.user!.id]]);
    expect(rows).toEqual([{ email: null }, { email: null }]);
  });

  test("updateUserById with a new email and email_confirm moves the address and its identity", async () => {
    const user = await confirmedUser("admin-email");
    const email = uniqueEmail("admin-email-new");
    const { data, error } = await admin().updateUserById(user.id, { email, email_confirm: true });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email });
    expect(data.user?.identities?.[0]?.identity_data).toMatchObject({ email, email_verified: true });
    expect((await client().auth.signInWithPassword({ email, password: user.password })).error).toBeNull();
  });
});
