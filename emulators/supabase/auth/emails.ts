// Sending the emails GoTrue sends (internal/api/mail.go): each one checks the
// per-user frequency limit and the instance's hourly allowance, makes a fresh
// OTP and token hash, stores them on the user and in auth.one_time_tokens, and
// queues a message built from GoTrue's default templates. Queued messages are
// delivered to the mailbox only after the request's transaction commits.
import type { MailDraft } from "../mailbox.ts";
import type { Db } from "./db.ts";
import { tooManyRequests } from "./errors.ts";
import { generateOtp, storeOneTimeToken, tokenHash, withFlowPrefix, type OneTimeTokenType } from "./one-time-tokens.ts";
import type { RateLimits } from "./rate-limits.ts";
import { encodeRedirectParam } from "./redirects.ts";
import type { AuthSettings } from "./settings.ts";
import type { UserRow } from "./users.ts";

export interface MailContext {
  db: Db;
  settings: AuthSettings;
  limits: RateLimits;
  /** Messages to deliver once the transaction commits. */
  outbox: MailDraft[];
  /** Where links send the user back to (already checked against the allow list). */
  redirectTo: string;
  pkce: boolean;
}

type EmailKind = "signup" | "recovery" | "magiclink" | "email_change" | "invite";

// GoTrue's default subjects and bodies (internal/mailer/templatemailer).
const TEMPLATES: Record<EmailKind, { subject: string; body: (link: string, newEmail: string) => string }> = {
  signup: {
    subject: "Confirm your email address",
    body: (link) =>
      `<h2>Confirm your email address</h2>\n\n<p>Follow the link below to confirm this email address and finish signing up.</p>\n<p><a href="${link}">Confirm email address</a></p>\n`,
  },
  invite: {
    subject: "You've been invited",
    body: (link) =>
      `<h2>You've been invited</h2>\n\n<p>You've been invited to create an account. Follow the link below to accept.</p>\n<p><a href="${link}">Accept invitation</a></p>`,
  },
  recovery: {
    subject: "Reset your password",
    body: (link) =>
      `<h2>Reset your password</h2>\n\n<p>We received a request to reset your password. Follow the link below to choose a new one.</p>\n<p><a href="${link}">Reset password</a></p>\n<p>If you didn't request this, you can safely ignore this email.</p>`,
  },
  magiclink: {
    subject: "Your sign-in link",
    body: (link) =>
      `<h2>Your sign-in link</h2>\n\n<p>Follow the link below to sign in. This link expires shortly and can only be used once.</p>\n<p><a href="${link}">Sign in</a></p>`,
  },
  email_change: {
    subject: "Confirm your new email address",
    body: (link, newEmail) =>
      `<h2>Confirm your new email address</h2>\n\n<p>Follow the link below to confirm ${escapeHtml(newEmail)} as your new email address.</p>\n<p><a href="${link}">Confirm new email address</a></p>\n<p>If you didn't request this change, you can safely ignore this email.</p>`,
  },
};

// As Go's html/template escapes text and attribute values.
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** {{ .ConfirmationURL }}: the Auth API's GET /verify link, as GoTrue's getPath builds it. */
export function confirmationUrl(settings: AuthSettings, hash: string, type: string, redirectTo: string): string {
  return `${settings.externalUrl}/verify?token=${encodeURIComponent(hash)}&type=${encodeURIComponent(type)}&redirect_to=${encodeRedirectParam(redirectTo)}`;
}

function draft(m: MailContext, kind: EmailKind, to: string, otp: string, hash: string, newEmail = ""): MailDraft {
  const link = confirmationUrl(m.settings, hash, kind, m.redirectTo);
  const template = TEMPLATES[kind];
  const html = template.body(escapeHtml(link), newEmail);
  const text = `${template.subject}\n\n${link}\n\nOr enter this code: ${otp}\n`;
  return { to, subject: template.subject, html, text, type: kind, token: otp, token_hash: hash, redirect_to: m.redirectTo, confirmation_url: link };
}

/** GoTrue's validateSentWithinFrequencyLimit. */
function checkFrequency(m: MailContext, sentAt: Date | null): void {
  if (!sentAt) return;
  const waitMs = sentAt.getTime() + m.settings.maxFrequencySeconds * 1000 - Date.now();
  if (waitMs > 0) {
    throw tooManyRequests(
      "over_email_send_rate_limit",
      `For security purposes, you can only request this after ${Math.floor(waitMs / 1000)} seconds.`,
    );
  }
}

/** The instance-wide hourly allowance; GoTrue skips it when confirmations are off. */
function countEmail(m: MailContext): void {
  if (!m.settings.autoconfirm && !m.limits.allowEmail()) {
    throw tooManyRequests("over_email_send_rate_limit", "email rate limit exceeded");
  }
}

async function storeToken(m: MailContext, user: UserRow, column: string, sentColumn: string, type: OneTimeTokenType, hash: string, relatesTo: string) {
  await m.db.query(`update auth.users set ${column} = $2, ${sentColumn} = now(), updated_at = now() where id = $1`, [user.id, hash]);
  await storeOneTimeToken(m.db, user.id, type, hash, relatesTo);
}

function newToken(m: MailContext, email: string): { otp: string; hash: string } {
  const otp = generateOtp(m.settings.otpLength);
  return { otp, hash: withFlowPrefix(tokenHash(email, otp), m.pkce) };
}

/** A code to type back as the `nonce` of a password change (GET /reauthenticate). */
export async function sendReauthentication(m: MailContext, user: UserRow): Promise<void> {
  checkFrequency(m, user.reauthentication_sent_at);
  const email = user.email ?? "";
  const otp = generateOtp(m.settings.otpLength);
  const hash = tokenHash(email, otp);
  countEmail(m);
  await storeToken(m, user, "reauthentication_token", "reauthentication_sent_at", "reauthentication_token", hash, email);
  const subject = `${otp} is your verification code`;
  const html = `<h2>Your verification code</h2>\n\n<p>Use the code below to verify your identity. It expires shortly.</p>\n<p>${otp}</p>`;
  m.outbox.push({ to: email, subject, html, text: `${subject}\n`, type: "reauthentication", token: otp });
}

/** Signup confirmation (also what a magic link to an unconfirmed user sends). */
export async function sendConfirmation(m: MailContext, user: UserRow): Promise<void> {
  checkFrequency(m, user.confirmation_sent_at);
  const email = user.email ?? "";
  const { otp, hash } = newToken(m, email);
  countEmail(m);
  await storeToken(m, user, "confirmation_token", "confirmation_sent_at", "confirmation_token", hash, email);
  m.outbox.push(draft(m, "signup", email, otp, hash));
}

export async function sendRecovery(m: MailContext, user: UserRow, kind: "recovery" | "magiclink" = "recovery"): Promise<void> {
  // A magic link is a recovery with another template, so they share recovery_sent_at.
  checkFrequency(m, user.recovery_sent_at);
  const email = user.email ?? "";
  const { otp, hash } = newToken(m, email);
  countEmail(m);
  await storeToken(m, user, "recovery_token", "recovery_sent_at", "recovery_token", hash, email);
  m.outbox.push(draft(m, kind, email, otp, hash));
}

/**
 * An email change: a link to the new address, and with double_confirm_changes
 * (GoTrue's secure email change) a second one to the current address.
 */
export async function sendEmailChange(m: MailContext, user: UserRow, newEmail: string): Promise<void> {
  checkFrequency(m, user.email_change_sent_at);
  const currentEmail = user.email ?? "";
  const next = newToken(m, newEmail);
  const current = m.settings.secureEmailChange && currentEmail ? newToken(m, currentEmail) : null;
  countEmail(m);
  await m.db.query(
    `update auth.users
        set email_change = $2, email_change_token_new = $3, email_change_token_current = $4,
            email_change_confirm_status = 0, email_change_sent_at = now(), updated_at = now()
      where id = $1`,
    [user.id, newEmail, next.hash, current?.hash ?? ""],
  );
  if (current) await storeOneTimeToken(m.db, user.id, "email_change_token_current", current.hash, currentEmail);
  await storeOneTimeToken(m.db, user.id, "email_change_token_new", next.hash, newEmail);
  m.outbox.push(draft(m, "email_change", newEmail, next.otp, next.hash, newEmail));
  if (current) m.outbox.push(draft(m, "email_change", currentEmail, current.otp, current.hash, newEmail));
}
