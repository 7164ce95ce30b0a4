// What every Auth route is given, and the one way routes write: a transaction
// whose queued emails are delivered only once it has committed.
import type { Context } from "hono";
import type pg from "pg";
import type { EmulatorContext } from "../context.ts";
import type { MailDraft, Mailbox } from "../mailbox.ts";
import { inTransaction } from "./db.ts";
import type { RateLimits } from "./rate-limits.ts";
import type { ClientInfo, TokenIssuer } from "./sessions.ts";
import type { AuthSettings } from "./settings.ts";

export interface AuthDeps extends TokenIssuer {
  ctx: EmulatorContext;
  settings: AuthSettings;
  limits: RateLimits;
  mailbox: Mailbox;
}

export async function write<T>(deps: AuthDeps, work: (tx: pg.PoolClient, outbox: MailDraft[]) => Promise<T>): Promise<T> {
  const outbox: MailDraft[] = [];
  const result = await inTransaction(deps.ctx.pool, (tx) => work(tx, outbox));
  for (const message of outbox) await deps.mailbox.deliver(message);
  return result;
}

export function clientInfo(c: Context): ClientInfo {
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return { userAgent: c.req.header("user-agent") ?? null, ip: forwarded && /^[\d.:a-fA-F]+$/.test(forwarded) ? forwarded : null };
}
