// What /auth/confirm does with the link someone opened from an email. Two
// kinds of link arrive here:
// - the app link Supabase recommends for server-rendered apps
//   (`/auth/confirm?token_hash=…&type=…`, from a customised email template),
//   verified with verifyOtp: it works in any browser;
// - GoTrue's default link, which passes through the Auth server's /verify and
//   comes back with `?code=…` (PKCE, because @supabase/ssr starts flows with
//   PKCE) or with `error_code=…` when the link was expired or already used.
// Pure functions here; the route handler performs the plan.
import type { EmailOtpType } from "@supabase/supabase-js";
import { z } from "zod";
import { safeNextPath } from "./redirect";

const EMAIL_OTP_TYPES = ["signup", "invite", "magiclink", "recovery", "email_change", "email"] as const satisfies readonly EmailOtpType[];

export type ConfirmPlan =
  | { kind: "verify"; tokenHash: string; type: EmailOtpType; next: string }
  | { kind: "exchange"; code: string; next: string }
  /** The first of two email-change links was accepted; the other address must confirm too. */
  | { kind: "partial"; next: string }
  | { kind: "failed"; next: string };

const params = z.object({
  // GoTrue's hashes are hex, PKCE ones prefixed pkce_: anything else (a NUL, say) never reaches the Auth server.
  token_hash: z.string().regex(/^[\w-]{1,512}$/).optional().catch(undefined),
  type: z.enum(EMAIL_OTP_TYPES).optional().catch(undefined),
  code: z.string().min(1).max(512).optional().catch(undefined),
  next: z.string().optional().catch(undefined),
  error_code: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
});

/** Where a link of this type leads when it names no `next`. */
export function defaultNextFor(type: EmailOtpType | undefined): string {
  if (type === "recovery") return "/reset-password";
  if (type === "email_change") return "/settings";
  return "/dashboard";
}

export function planConfirmation(search: URLSearchParams): ConfirmPlan {
  const input = params.parse(Object.fromEntries(search));
  const next = safeNextPath(input.next, defaultNextFor(input.type));
  if (input.error_code || input.error) return { kind: "failed", next };
  if (input.token_hash && input.type) return { kind: "verify", tokenHash: input.token_hash, type: input.type, next };
  if (input.code) return { kind: "exchange", code: input.code, next };
  if (input.message) return { kind: "partial", next };
  return { kind: "failed", next };
}

/**
 * Why a link didn't sign the user in: it was expired or used (`link_expired`),
 * or the Auth server accepted it but the PKCE code can't be exchanged here
 * because the flow started in another browser (`link_other_browser`: the
 * email address is confirmed by then, but there is no session).
 */
export type ConfirmFailure = "link_expired" | "link_other_browser";

/** Where to send someone whose link didn't work: the page that can send a fresh one or sign them in. */
export function failureRedirect(next: string, reason: ConfirmFailure): string {
  const path = next.split(/[?#]/)[0];
  if (path === "/reset-password") return `/forgot-password?error=${reason}`;
  if (path === "/settings") return `/settings?error=${reason}`;
  return `/login?error=${reason}&next=${encodeURIComponent(next)}`;
}

/**
 * True when a PKCE code couldn't be exchanged because this browser lacks the
 * flow's code verifier (or holds another flow's): the link was opened
 * somewhere other than where the flow started.
 */
export function isOtherBrowserError(error: { code?: string }): boolean {
  return error.code === "pkce_code_verifier_not_found" || error.code === "bad_code_verifier";
}

/** Appends `notice=<value>` to a same-site path, keeping its query. */
export function withNotice(path: string, notice: string): string {
  const url = new URL(path, "http://same-site.invalid");
  url.searchParams.set("notice", notice);
  return `${url.pathname}${url.search}${url.hash}`;
}
