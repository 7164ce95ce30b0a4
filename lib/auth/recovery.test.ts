import { describe, expect, test } from "vitest";
import { isRecoverySession, RECOVERY_WINDOW_SECONDS } from "./recovery";

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const secondsAgo = (seconds: number) => Math.floor(NOW / 1000) - seconds;

describe("isRecoverySession", () => {
  test.each(["recovery", "otp", "magiclink"])("a session an email link (%s) opened just now may reset the password", (method) => {
    expect(isRecoverySession({ amr: [{ method: method as "otp", timestamp: secondsAgo(30) }] }, NOW)).toBe(true);
  });

  test("a password sign-in may not, even after a token refresh", () => {
    expect(isRecoverySession({ amr: [{ method: "password", timestamp: secondsAgo(5) }] }, NOW)).toBe(false);
  });

  test("a link older than the reset window no longer counts", () => {
    expect(isRecoverySession({ amr: [{ method: "recovery", timestamp: secondsAgo(RECOVERY_WINDOW_SECONDS + 1) }] }, NOW)).toBe(false);
    expect(isRecoverySession({ amr: [{ method: "recovery", timestamp: secondsAgo(RECOVERY_WINDOW_SECONDS - 1) }] }, NOW)).toBe(true);
  });

  test("no claims, no amr, or malformed entries are not a recovery session", () => {
    expect(isRecoverySession(null, NOW)).toBe(false);
    expect(isRecoverySession({}, NOW)).toBe(false);
    expect(isRecoverySession({ amr: [{ method: "recovery" } as never] }, NOW)).toBe(false);
    expect(isRecoverySession({ amr: ["password"] }, NOW)).toBe(false);
  });
});
