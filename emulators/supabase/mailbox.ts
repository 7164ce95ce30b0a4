// The local mailbox: every email the Auth API would send lands here instead,
// like the Supabase CLI's Mailpit on port 54324. Messages live in the database
// (table _emulator.mailbox), so they survive an emulator restart and every
// emulator pointed at the same Postgres sees the same mail.
//
// On the mailbox port:
//   GET    /                            the messages as a page, newest first (?to= filters)
//   GET    /api/messages?to=<email>     JSON list, newest first
//   GET    /api/messages/latest?to=<e>  the newest message, or 404
//   GET    /api/messages/:id            one message, or 404
//   DELETE /api/messages?to=<email>     removes all (or one recipient's) messages
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import type { EmulatorContext } from "./context.ts";

export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
  /** What the email is for: signup, recovery, magiclink, email_change, invite; null for other mail. */
  type: string | null;
  /** The one-time code the email offers ({{ .Token }} in GoTrue templates). */
  token: string | null;
  /** {{ .TokenHash }}: what an app's /auth/confirm?token_hash=…&type=… route passes to verifyOtp. */
  token_hash: string | null;
  /** {{ .RedirectTo }}: where the user goes after verifying. */
  redirect_to: string | null;
  /** {{ .ConfirmationURL }}: the Auth API's GET /verify link. */
  confirmation_url: string | null;
}

export type MailDraft = Pick<MailMessage, "to" | "subject" | "html" | "text"> &
  Partial<Pick<MailMessage, "type" | "token" | "token_hash" | "redirect_to" | "confirmation_url">>;

export interface Mailbox {
  /** Served on the mailbox port: a page listing messages and a JSON API. */
  app: Hono;
  deliver(message: MailDraft): Promise<MailMessage>;
  /** Newest first; only one recipient's when `to` is given. */
  list(to?: string): Promise<MailMessage[]>;
}

interface MailRow {
  id: string;
  created_at: Date;
  recipient: string;
  subject: string;
  html: string;
  body_text: string;
  type: string | null;
  token: string | null;
  token_hash: string | null;
  redirect_to: string | null;
  confirmation_url: string | null;
}

const SCHEMA_SQL = `
  create schema if not exists _emulator;
  create table if not exists _emulator.mailbox (
    seq bigserial primary key,
    id uuid not null unique,
    created_at timestamptz not null default clock_timestamp(),
    recipient text not null,
    subject text not null,
    html text not null,
    body_text text not null,
    type text,
    token text,
    token_hash text,
    redirect_to text,
    confirmation_url text
  );
  create index if not exists mailbox_recipient_idx on _emulator.mailbox (lower(recipient), seq desc);`;

const toMessage = (row: MailRow): MailMessage => ({
  id: row.id,
  to: row.recipient,
  subject: row.subject,
  html: row.html,
  text: row.body_text,
  createdAt: row.created_at.toISOString(),
  type: row.type,
  token: row.token,
  token_hash: row.token_hash,
  redirect_to: row.redirect_to,
  confirmation_url: row.confirmation_url,
});

export function createMailbox(ctx: EmulatorContext): Mailbox {
  let ready: Promise<void> | null = null;
  // Created on first use; the advisory lock keeps two emulators on one database
  // from racing on `create table if not exists`.
  const ensureTable = () =>
    (ready ??= (async () => {
      const client = await ctx.pool.connect();
      try {
        await client.query("begin");
        await client.query("select pg_advisory_xact_lock(hashtext('_emulator.mailbox'))");
        await client.query(SCHEMA_SQL);
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        ready = null;
        throw error;
      } finally {
        client.release();
      }
    })());

  async function list(to?: string): Promise<MailMessage[]> {
    await ensureTable();
    const { rows } = to
      ? await ctx.pool.query<MailRow>("select * from _emulator.mailbox where lower(recipient) = lower($1) order by seq desc", [to])
      : await ctx.pool.query<MailRow>("select * from _emulator.mailbox order by seq desc");
    return rows.map(toMessage);
  }

  async function deliver(message: MailDraft): Promise<MailMessage> {
    await ensureTable();
    const { rows } = await ctx.pool.query<MailRow>(
      `insert into _emulator.mailbox (id, recipient, subject, html, body_text, type, token, token_hash, redirect_to, confirmation_url)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
      [
        randomUUID(),
        message.to,
        message.subject,
        message.html,
        message.text,
        message.type ?? null,
        message.token ?? null,
        message.token_hash ?? null,
        message.redirect_to ?? null,
        message.confirmation_url ?? null,
      ],
    );
    ctx.log(`[mailbox] ${message.subject} → ${message.to}`);
    return toMessage(rows[0]!);
  }

  const app = new Hono();
  app.get("/api/messages", async (c) => c.json(await list(c.req.query("to"))));
  app.get("/api/messages/latest", async (c) => {
    const [latest] = await list(c.req.query("to"));
    return latest ? c.json(latest) : c.json({ message: "No message found" }, 404);
  });
  app.get("/api/messages/:id", async (c) => {
    const id = c.req.param("id");
    if (!/^[0-9a-f-]{36}$/i.test(id)) return c.json({ message: "No message found" }, 404);
    await ensureTable();
    const { rows } = await ctx.pool.query<MailRow>("select * from _emulator.mailbox where id = $1", [id]);
    return rows[0] ? c.json(toMessage(rows[0])) : c.json({ message: "No message found" }, 404);
  });
  app.delete("/api/messages", async (c) => {
    await ensureTable();
    const to = c.req.query("to");
    const result = to
      ? await ctx.pool.query("delete from _emulator.mailbox where lower(recipient) = lower($1)", [to])
      : await ctx.pool.query("delete from _emulator.mailbox");
    return c.json({ deleted: result.rowCount ?? 0 });
  });
  app.get("/", async (c) => {
    const to = c.req.query("to");
    return c.html(renderPage(await list(to), to));
  });

  return { app, deliver, list };
}

// Links in an email open in the whole tab, as from a mail client, not inside the small preview frame.
const EMAIL_BASE = '<base target="_top">';

function renderMessage(message: MailMessage) {
  const time = new Date(message.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium" });
  const appLink = appConfirmLink(message);
  return html`<article>
    <header>
      <h2>${message.subject}</h2>
      <p class="meta">to <a href="?to=${encodeURIComponent(message.to)}">${message.to}</a> · <time datetime="${message.createdAt}">${time}</time>${message.type ? html` · <span class="tag">${message.type}</span>` : ""}</p>
    </header>
    ${message.confirmation_url || message.token
      ? html`<dl>
          ${message.confirmation_url ? html`<dt>Confirmation link</dt><dd><a href="${message.confirmation_url}">${message.confirmation_url}</a></dd>` : ""}
          ${appLink ? html`<dt>App link (token_hash)</dt><dd><a href="${appLink}">${appLink}</a></dd>` : ""}
          ${message.token ? html`<dt>Code</dt><dd><code>${message.token}</code></dd>` : ""}
        </dl>`
      : ""}
    <iframe sandbox="allow-popups allow-top-navigation-by-user-activation" srcdoc="${EMAIL_BASE}${message.html}" title="${message.subject}"></iframe>
  </article>`;
}

/** The link an app's /auth/confirm route expects, on the origin the email redirects to. */
function appConfirmLink(message: MailMessage): string | null {
  if (!message.token_hash || !message.type || !message.redirect_to) return null;
  try {
    const origin = new URL(message.redirect_to).origin;
    return `${origin}/auth/confirm?token_hash=${encodeURIComponent(message.token_hash)}&type=${message.type}`;
  } catch {
    return null;
  }
}

function renderPage(messages: MailMessage[], to: string | undefined) {
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Mailbox${to ? ` · ${to}` : ""}</title>
  <style>${raw(PAGE_CSS)}</style>
</head>
<body>
  <main>
    <h1>Mailbox <small>${messages.length} message${messages.length === 1 ? "" : "s"}${to ? html` to ${to} · <a href="/">show all</a>` : ""}</small></h1>
    ${messages.length === 0 ? html`<p class="empty">No email yet. Sign up, reset a password or change an email address and it shows up here.</p>` : messages.map(renderMessage)}
  </main>
</body>
</html>`;
}

const PAGE_CSS = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { margin: 0; background: Canvas; color: CanvasText; }
  main { max-width: 56rem; margin: 0 auto; padding: 2rem 1rem; }
  h1 { font-size: 1.5rem; } h1 small { font-size: 0.9rem; font-weight: normal; opacity: 0.7; margin-left: 0.5rem; }
  article { border: 1px solid color-mix(in srgb, CanvasText 15%, transparent); border-radius: 0.5rem; padding: 1rem 1.25rem; margin-bottom: 1rem; }
  article h2 { font-size: 1.1rem; margin: 0; }
  .meta { margin: 0.25rem 0 0.75rem; opacity: 0.75; font-size: 0.9rem; }
  .tag { font-family: ui-monospace, monospace; font-size: 0.8rem; padding: 0.05rem 0.4rem; border-radius: 0.25rem; background: color-mix(in srgb, CanvasText 10%, transparent); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 0.75rem; font-size: 0.9rem; }
  dt { opacity: 0.75; } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; min-height: 12rem; border: 0; border-radius: 0.25rem; background: white; }
  .empty { opacity: 0.7; }
  a { color: LinkText; }`;
