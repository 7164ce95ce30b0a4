// Reading the local mailbox (emulators/supabase/mailbox.ts) from browser tests:
// wait for the email a step should have sent, then open the link in it the
// way a person would.
import type { MailMessage } from "../../emulators/supabase/mailbox.ts";
import { MAILBOX_URL } from "./env.ts";

export type { MailMessage };
export type EmailType = "signup" | "recovery" | "magiclink" | "email_change" | "invite";

export async function listEmails(to: string): Promise<MailMessage[]> {
  const response = await fetch(`${MAILBOX_URL}/api/messages?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`Mailbox answered ${response.status} for ${to}`);
  return (await response.json()) as MailMessage[];
}

/**
 * The newest email to `to` (of `type`, if given) that arrived after `since`
 * messages already there; polls until one arrives or `timeoutMs` passes.
 */
export async function waitForEmail(to: string, { type, since = 0, timeoutMs = 10_000 }: { type?: EmailType; since?: number; timeoutMs?: number } = {}): Promise<MailMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const messages = await listEmails(to);
    const fresh = messages.slice(0, Math.max(messages.length - since, 0));
    const match = fresh.find((message) => !type || message.type === type);
    if (match) return match;
    if (Date.now() > deadline) {
      throw new Error(`No ${type ?? ""} email to ${to} within ${timeoutMs} ms (mailbox has ${messages.length}: ${messages.map((m) => m.subject).join(", ") || "none"})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The link in the email's body, the one a person clicks (GoTrue's template: the Auth server's /verify link). */
export function linkInEmail(message: MailMessage): string {
  const href = /<a\s[^>]*href="([^"]+)"/i.exec(message.html)?.[1];
  if (!href) throw new Error(`Email "${message.subject}" to ${message.to} has no link`);
  return href.replaceAll("&amp;", "&").replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/**
 * The app's own confirmation link for this email, as Supabase's recommended
 * SSR template builds it: `{{ .SiteURL }}/auth/confirm?token_hash={{ .TokenHash }}&type=…`.
 */
export function appConfirmLink(message: MailMessage, appUrl: string, next?: string): string {
  if (!message.token_hash || !message.type) throw new Error(`Email "${message.subject}" carries no token_hash`);
  const url = new URL("/auth/confirm", appUrl);
  url.searchParams.set("token_hash", message.token_hash);
  url.searchParams.set("type", message.type);
  if (next) url.searchParams.set("next", next);
  return url.toString();
}
