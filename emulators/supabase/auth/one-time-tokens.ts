// Email one-time tokens as GoTrue makes them: a numeric OTP for the user to type,
// and its hash, sha224(email + otp) in hex, which email links carry. A PKCE flow
// prefixes the hash with "pkce_". The hash lives both on the auth.users column
// (confirmation_token, recovery_token, ...) and in auth.one_time_tokens.
import { createHash, randomInt, randomUUID } from "node:crypto";
import type { Db } from "./db.ts";

export type OneTimeTokenType =
  | "confirmation_token"
  | "recovery_token"
  | "email_change_token_new"
  | "email_change_token_current"
  | "reauthentication_token";

export const PKCE_PREFIX = "pkce_";

export function generateOtp(digits: number): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, "0");
}

export function tokenHash(emailOrPhone: string, otp: string): string {
  return createHash("sha224").update(emailOrPhone + otp).digest("hex");
}

export function withFlowPrefix(hash: string, pkce: boolean): string {
  return pkce ? PKCE_PREFIX + hash : hash;
}

/** Replaces the user's token of this type (GoTrue keeps one per type). */
export async function storeOneTimeToken(db: Db, userId: string, type: OneTimeTokenType, hash: string, relatesTo: string): Promise<void> {
  await db.query("delete from auth.one_time_tokens where user_id = $1 and token_type = $2", [userId, type]);
  await db.query(
    `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to, created_at, updated_at)
     values ($1, $2, $3, $4, $5, now(), now())`,
    [randomUUID(), userId, type, hash, relatesTo.toLowerCase()],
  );
}

export async function findOneTimeToken(
  db: Db,
  hash: string,
  types: OneTimeTokenType[],
): Promise<{ user_id: string; token_type: OneTimeTokenType } | null> {
  const { rows } = await db.query<{ user_id: string; token_type: OneTimeTokenType }>(
    "select user_id, token_type from auth.one_time_tokens where token_hash = $1 and token_type = any($2::text[]) limit 1",
    [hash, types],
  );
  return rows[0] ?? null;
}

export async function clearOneTimeToken(db: Db, userId: string, type: OneTimeTokenType): Promise<void> {
  await db.query("delete from auth.one_time_tokens where user_id = $1 and token_type = $2", [userId, type]);
}

export function isExpired(sentAt: Date | null, expirySeconds: number): boolean {
  return sentAt === null || Date.now() > sentAt.getTime() + expirySeconds * 1000;
}

/** GoTrue's isOtpValid: the stored hash matches (with or without the PKCE prefix) and has not expired. */
export function otpMatches(actual: string, expected: string | null, sentAt: Date | null, expirySeconds: number): boolean {
  if (!expected || sentAt === null) return false;
  return !isExpired(sentAt, expirySeconds) && (actual === expected || PKCE_PREFIX + actual === expected);
}
