// Whether a session may set a new password without the current one: only a
// session that an emailed link opened, recently. Any other session changes
// the password on /settings, which asks for the current one; without this,
// anyone at a signed-in browser could open /reset-password and take the
// account over (the reset then signs every other session out).
import type { JwtPayload } from "@supabase/supabase-js";

/** As long as a reset link itself is valid (config.toml [auth.email] otp_expiry). */
export const RECOVERY_WINDOW_SECONDS = 60 * 60;

// GoTrue's authentication methods for a session an email link opened: `recovery`
// (and `magiclink`) through the PKCE link, `otp` through verifyOtp with a token hash.
const EMAIL_LINK_METHODS = new Set(["recovery", "magiclink", "otp"]);

export function isRecoverySession(claims: Pick<JwtPayload, "amr"> | null | undefined, now: number = Date.now()): boolean {
  const entries = Array.isArray(claims?.amr) ? claims.amr : [];
  return entries.some((entry) => {
    // RFC 8176's plain names (an opt-in format) carry no time to check.
    if (typeof entry === "string") return EMAIL_LINK_METHODS.has(entry);
    return (
      typeof entry === "object" &&
      entry !== null &&
      EMAIL_LINK_METHODS.has(entry.method) &&
      typeof entry.timestamp === "number" &&
      now / 1000 - entry.timestamp <= RECOVERY_WINDOW_SECONDS
    );
  });
}
