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

type EmailKind = "signup" | "recovery" | "magiclink" | "email_change" | "invite" | "reauthentication";

// GoTrue's template names, and its default subjects and bodies (internal/mailer/templatemailer).
const TEMPLATES: Record<EmailKind, { name: string; subject: string; body: string }> = {
  signup: {
    name: "confirmation",
    subject: "Confirm your email address",
    body: `<h2>Confirm your email address</h2>\n\n<p>Follow the link below to confirm this email address and finish signing up.</p>\n<p><a href="{{ .ConfirmationURL }}">Confirm email address</a></p>\n`,
  },
  invite: {
    name: "invite",
    subject: "You've been invited",
    body: `<h2>You've been invited</h2>\n\n<p>You've been invited to create an account. Follow the link below to accept.</p>\n<p><a href="{{ .ConfirmationURL }}">Accept invitation</a></p>`,
  },
  recovery: {
    name: "recovery",
    subject: "Reset your password",
    body: `<h2>Reset your password</h2>\n\n<p>We received a request to reset your password. Follow the link below to choose a new one.</p>\n<p><a href="{{ .ConfirmationURL }}">Reset password</a></p>\n<p>If you didn't request this, you can safely ignore this email.</p>`,
  },
  magiclink: {
    name: "magic_link",
    subject: "Your sign-in link",
    body: `<h2>Your sign-in link</h2>\n\n<p>Follow the link below to sign in. This link expires shortly and can only be used once.</p>\n<p><a href="{{ .ConfirmationURL }}">Sign in</a></p>`,
  },
  email_change: {
    name: "email_change",
    subject: "Confirm your new email address",
    body: `<h2>Confirm your new email address</h2>\n\n<p>Follow the link below to confirm {{ .NewEmail }} as your new email address.</p>\n<p><a href="{{ .ConfirmationURL }}">Confirm new email address</a></p>\n<p>If you didn't request this change, you can safely ignore this email.</p>`,
  },
  reauthentication: {
    name: "reauthentication",
    subject: "{{ .Token }} is your verification code",
    body: `<h2>Your verification code</h2>\n\n<p>Use the code below to verify your identity. It expires shortly.</p>\n<p>{{ .Token }}</p>`,
  },
};

// As Go's html/template escapes text and attribute values.
const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/**
 * Fills a GoTrue email template's `{{ .Name }}` and `{{ .Data.key }}` fields.
 * Only field references are supported, not Go template actions like `{{ if }}`;
 * a missing value renders empty, as html/template renders it.
 */
export function renderTemplate(template: string, fields: Record<string, unknown>, escape: boolean): string {
  return template.replace(/\{\{\s*\.([A-Za-z]+)((?:\.[A-Za-z0-9_]+)*)\s*\}\}/g, (_whole, name: string, rest: string) => {
    let value: unknown = fields[name];
    for (const key of rest.split(".").filter(Boolean)) {
      value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    }
    const text = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
    return escape ? escapeHtml(text) : text;
  });
}

/** {{ .ConfirmationURL }}: the Auth API's GET /verify link, as GoTrue's getPath builds it. */
export function confirmationUrl(settings: AuthSettings, hash: string, type: string, redirectTo: string): string {
  return `${settings.externalUrl}/verify?token=${encodeURIComponent(hash)}&type=${encodeURIComponent(type)}&redirect_to=${encodeRedirectParam(redirectTo)}`;
}

interface DraftFields {
  to: string;
  otp: string;
  hash?: string;
  user: UserRow;
  newEmail?: string;
}

function draft(m: MailContext, kind: EmailKind, { to, otp, hash, user, newEmail }: DraftFields): MailDraft {
  const link = hash ? confirmationUrl(m.settings, hash, kind, m.redirectTo) : undefined;
  const defaults = TEMPLATES[kind];
  const custom = m.settings.emailTemplates[defaults.name];
  const fields = {
    SiteURL: m.settings.siteUrl,
    ConfirmationURL: link,
    Email: user.email ?? "",
    NewEmail: newEmail ?? user.email_change ?? "",
    Token: otp,
    TokenHash: hash,
    RedirectTo: m.redirectTo,
    SendingTo: to,
    Data: user.raw_user_meta_data ?? {},
  };
  const subject = renderTemplate(custom?.subject ?? defaults.subject, fields, false);
  const html = renderTemplate(custom?.html ?? defaults.body, fields, true);
  const text = `${subject}\n\n${link ? `${link}\n\nOr enter this code: ` : ""}${otp}\n`;
  return {
    to,
    subject,
    html,
    text,
    type: kind,
    token: otp,
    token_hash: hash ?? null,
    redirect_to: hash ? m.redirectTo : null,
    confirmation_url: link ?? null,
  };
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
  m.outbox.push(draft(m, "reauthentication", { to: email, otp, user }));
}

/** Signup confirmation (also what a magic link to an unconfirmed user sends). */
export async function sendConfirmation(m: MailContext, user: UserRow): Promise<void> {
  checkFrequency(m, user.confirmation_sent_at);
  const email = user.email ?? "";
  const { otp, hash } = newToken(m, email);
  countEmail(m);
  await storeToken(m, user, "confirmation_token", "confirmation_sent_at", "confirmation_token", hash, email);
  m.outbox.push(draft(m, "signup", { to: email, otp, hash, user }));
}

export async function sendRecovery(m: MailContext, user: UserRow, kind: "recovery" | "magiclink" = "recovery"): Promise<void> {
  // A magic link is a recovery with another template, so they share recovery_sent_at.
  checkFrequency(m, user.recovery_sent_at);
  const email = user.email ?? "";
  const { otp, hash } = newToken(m, email);
  countEmail(m);
  await storeToken(m, user, "recovery_token", "recovery_sent_at", "recovery_token", hash, email);
  m.outbox.push(draft(m, kind, { to: email, otp, hash, user }));
}

/** An invitation (POST /invite). GoTrue's sendInvite has no frequency limit, and never uses PKCE. */
export async function sendInvite(m: MailContext, user: UserRow): Promise<void> {
  const email = user.email ?? "";
  const otp = generateOtp(m.settings.otpLength);
  const hash = tokenHash(email, otp);
  countEmail(m);
  await storeToken(m, user, "confirmation_token", "confirmation_sent_at", "confirmation_token", hash, email);
  await m.db.query("update auth.users set invited_at = now() where id = $1", [user.id]);
  m.outbox.push(draft(m, "invite", { to: email, otp, hash, user }));
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
  m.outbox.push(draft(m, "email_change", { to: newEmail, otp: next.otp, hash: next.hash, user, newEmail }));
  if (current) m.outbox.push(draft(m, "email_change", { to: currentEmail, otp: current.otp, hash: current.hash, user, newEmail }));
}
