import { describe, expect, test } from "vitest";
import { defaultNextFor, failureRedirect, isOtherBrowserError, planConfirmation, withNotice } from "./confirm";

const plan = (query: string) => planConfirmation(new URLSearchParams(query));

describe("planConfirmation", () => {
  test("an app link with token_hash and type is verified, going to next", () => {
    expect(plan("token_hash=pkce_abc&type=signup&next=/projects/1")).toEqual({
      kind: "verify", tokenHash: "pkce_abc", type: "signup", next: "/projects/1",
    });
  });

  test("without next, each link type goes where it belongs", () => {
    expect(plan("token_hash=h&type=recovery")).toMatchObject({ next: "/reset-password" });
    expect(plan("token_hash=h&type=email_change")).toMatchObject({ next: "/settings" });
    expect(plan("token_hash=h&type=email")).toMatchObject({ next: "/dashboard" });
    expect(defaultNextFor(undefined)).toBe("/dashboard");
  });

  test("a PKCE code from the Auth server's /verify redirect is exchanged", () => {
    expect(plan("code=4b5f&next=/reset-password")).toEqual({ kind: "exchange", code: "4b5f", next: "/reset-password" });
  });

  test("an error from /verify (expired or used link) fails, even with a code present", () => {
    expect(plan("error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid&next=/dashboard")).toEqual({ kind: "failed", next: "/dashboard" });
    expect(plan("code=x&error_code=otp_expired")).toMatchObject({ kind: "failed" });
  });

  test("the first of two email-change confirmations is a partial success", () => {
    expect(plan("message=Confirmation+link+accepted&next=/settings")).toEqual({ kind: "partial", next: "/settings" });
  });

  test("hostile or malformed input never leaves the site and never verifies", () => {
    expect(plan("token_hash=h&type=signup&next=//evil.com")).toMatchObject({ next: "/dashboard" });
    expect(plan("token_hash=h&type=signup&next=https://evil.com/x")).toMatchObject({ next: "/dashboard" });
    expect(plan("token_hash=h&type=sms")).toMatchObject({ kind: "failed" }); // not an email type
    expect(plan("token_hash=a%00b&type=signup")).toMatchObject({ kind: "failed" });
    expect(plan(`token_hash=${"a".repeat(513)}&type=signup`)).toMatchObject({ kind: "failed" });
    expect(plan("")).toEqual({ kind: "failed", next: "/dashboard" });
    expect(plan(`code=${"x".repeat(600)}`)).toMatchObject({ kind: "failed" });
  });
});

describe("failureRedirect", () => {
  test("sends each flow to the page that can send a fresh link", () => {
    expect(failureRedirect("/reset-password", "link_expired")).toBe("/forgot-password?error=link_expired");
    expect(failureRedirect("/settings", "link_other_browser")).toBe("/settings?error=link_other_browser");
    expect(failureRedirect("/projects/1?tab=jobs", "link_expired")).toBe("/login?error=link_expired&next=%2Fprojects%2F1%3Ftab%3Djobs");
  });
});

test("withNotice adds a notice and keeps the path's own query", () => {
  expect(withNotice("/settings", "email_changed")).toBe("/settings?notice=email_changed");
  expect(withNotice("/settings?tab=email", "confirm_other_email")).toBe("/settings?tab=email&notice=confirm_other_email");
});

test("isOtherBrowserError: a missing or mismatched PKCE verifier, not an expired code", () => {
  expect(isOtherBrowserError({ code: "pkce_code_verifier_not_found" })).toBe(true);
  expect(isOtherBrowserError({ code: "bad_code_verifier" })).toBe(true);
  expect(isOtherBrowserError({ code: "flow_state_expired" })).toBe(false);
  expect(isOtherBrowserError({})).toBe(false);
});
