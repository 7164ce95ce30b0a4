// GoTrue's refusals, turned into messages a person can act on. Keyed by the
// machine-readable `code` (stable across GoTrue versions), never by message
// text; anything unexpected gets a generic message and is logged.
import type { AuthError } from "@supabase/supabase-js";
import { ActionError } from "@/lib/action";
import { PASSWORD_RULE } from "./schema";

/** Which form the error happened in: the same code can mean different things. */
export type AuthFlow = "sign-in" | "sign-up" | "resend" | "recover" | "reset-password" | "change-email" | "change-password";

export const WRONG_PASSWORD = "That email and password don't match. Check them and try again, or reset your password.";
export const EMAIL_NOT_CONFIRMED = "Confirm your email address first: open the link we emailed you.";
export const LINK_EXPIRED = "That link has expired or was already used. Request a new one below.";

/** "…after 42 seconds." → 42; GoTrue says how long to wait for the per-address email limit. */
export function secondsToWait(message: string): number | null {
  const match = /after (\d+) seconds?/i.exec(message);
  return match ? Number(match[1]) : null;
}

function rateLimited(error: AuthError): ActionError {
  if (error.code === "over_email_send_rate_limit") {
    const seconds = secondsToWait(error.message);
    // GoTrue rounds down, so "after 0 seconds" means "in under a second".
    const wait = seconds === null ? null : Math.max(seconds, 1);
    return new ActionError(
      wait !== null
        ? `We just sent you an email. You can ask for another in ${wait} second${wait === 1 ? "" : "s"}.`
        : "Too many emails were sent recently. Please wait a few minutes and try again.",
    );
  }
  return new ActionError("Too many attempts. Please wait a minute and try again.");
}

/** The ActionError to throw for an Auth API error in `flow`. */
export function authActionError(error: AuthError, flow: AuthFlow): ActionError {
  const passwordField = flow === "change-password" ? "newPassword" : "password";
  switch (error.code) {
    case "invalid_credentials":
      return flow === "change-password"
        ? new ActionError("Your current password isn't right.", { currentPassword: ["Your current password isn't right."] })
        : new ActionError(WRONG_PASSWORD);
    case "email_not_confirmed":
      return new ActionError(EMAIL_NOT_CONFIRMED);
    case "user_already_exists":
    case "email_exists":
      return flow === "change-email"
        ? new ActionError("That email address belongs to another account.", { email: ["That email address belongs to another account."] })
        : new ActionError("An account with this email already exists. Sign in instead, or reset your password.");
    case "weak_password": {
      // GoTrue's message names the rule its project enforces ("at least 8 characters", character classes…).
      const message = error.message && error.message !== "weak_password" ? error.message : PASSWORD_RULE;
      return new ActionError(message, { [passwordField]: [message] });
    }
    case "same_password":
      return new ActionError("Choose a password different from your current one.", {
        [passwordField]: ["Choose a password different from your current one."],
      });
    case "email_address_invalid":
    case "email_address_not_authorized":
      return new ActionError("We can't send email to that address. Use a different one.", {
        email: ["We can't send email to that address. Use a different one."],
      });
    case "validation_failed":
      if (/email/i.test(error.message)) {
        return new ActionError("Enter a valid email address, like you@example.com.", { email: ["Enter a valid email address, like you@example.com."] });
      }
      break;
    case "signup_disabled":
    case "email_provider_disabled":
      return new ActionError("Sign-ups are closed at the moment.");
    case "user_banned":
      return new ActionError("This account is suspended. Contact support if you think this is a mistake.");
    case "otp_expired":
    case "flow_state_expired":
    case "flow_state_not_found":
      return new ActionError(LINK_EXPIRED);
    case "session_not_found":
    case "session_expired":
    case "refresh_token_not_found":
    case "refresh_token_already_used":
    case "reauthentication_needed":
      return new ActionError("Your session has ended. Sign in again to continue.");
    case "over_email_send_rate_limit":
    case "over_request_rate_limit":
      return rateLimited(error);
  }
  if (error.status === 429) return rateLimited(error);
  console.error(`Auth API error in ${flow}:`, error.code, error.status, error.message);
  return new ActionError("Something went wrong on our side. Please try again.");
}
