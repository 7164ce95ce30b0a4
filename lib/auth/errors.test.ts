import { AuthApiError } from "@supabase/supabase-js";
import { describe, expect, test, vi } from "vitest";
import { authActionError, EMAIL_NOT_CONFIRMED, LINK_EXPIRED, secondsToWait, WRONG_PASSWORD } from "./errors";

const apiError = (code: string, status = 400, message = code) => new AuthApiError(message, status, code);

describe("authActionError", () => {
  test("wrong password: one message that doesn't say which of the two was wrong", () => {
    expect(authActionError(apiError("invalid_credentials"), "sign-in")).toMatchObject({ message: WRONG_PASSWORD, fieldErrors: undefined });
  });

  test("wrong current password when changing it is flagged on that field", () => {
    expect(authActionError(apiError("invalid_credentials"), "change-password").fieldErrors).toEqual({
      currentPassword: ["Your current password isn't right."],
    });
  });

  test("unconfirmed email", () => {
    expect(authActionError(apiError("email_not_confirmed"), "sign-in").message).toBe(EMAIL_NOT_CONFIRMED);
  });

  test("weak password: the server's rule goes on the password field of the form in use", () => {
    const error = apiError("weak_password", 422, "Password should be at least 8 characters.");
    expect(authActionError(error, "sign-up").fieldErrors).toEqual({ password: ["Password should be at least 8 characters."] });
    expect(authActionError(error, "change-password").fieldErrors).toEqual({ newPassword: ["Password should be at least 8 characters."] });
  });

  test("already registered: sign-up points to sign-in; an email change flags the field", () => {
    expect(authActionError(apiError("user_already_exists", 422), "sign-up").message).toMatch(/already exists\. Sign in/);
    expect(authActionError(apiError("email_exists", 422), "change-email").fieldErrors?.email?.[0]).toMatch(/another account/);
  });

  test("rate limits say how long to wait when the server says it", () => {
    const perAddress = apiError("over_email_send_rate_limit", 429, "For security purposes, you can only request this after 42 seconds.");
    expect(authActionError(perAddress, "resend").message).toBe("We just sent you an email. You can ask for another in 42 seconds.");
    const underASecond = apiError("over_email_send_rate_limit", 429, "For security purposes, you can only request this after 0 seconds.");
    expect(authActionError(underASecond, "resend").message).toBe("We just sent you an email. You can ask for another in 1 second.");
    expect(authActionError(apiError("over_email_send_rate_limit", 429, "email rate limit exceeded"), "sign-up").message).toMatch(/Too many emails/);
    expect(authActionError(apiError("over_request_rate_limit", 429), "sign-in").message).toBe("Too many attempts. Please wait a minute and try again.");
    expect(authActionError(apiError("something_new", 429), "sign-in").message).toMatch(/Too many attempts/);
  });

  test("expired or used links", () => {
    expect(authActionError(apiError("otp_expired", 403), "reset-password").message).toBe(LINK_EXPIRED);
  });

  test("anything unknown is logged and gets a generic message that leaks nothing", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const shown = authActionError(apiError("unexpected_failure", 500, "pq: relation auth.secret_things"), "sign-in");
    expect(shown.message).toBe("Something went wrong on our side. Please try again.");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });
});

test("secondsToWait reads GoTrue's per-address wait", () => {
  expect(secondsToWait("For security purposes, you can only request this after 7 seconds.")).toBe(7);
  expect(secondsToWait("email rate limit exceeded")).toBeNull();
});
