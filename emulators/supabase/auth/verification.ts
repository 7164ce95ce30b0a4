// Checking a one-time token and applying what it confirms (GoTrue
// internal/api/verify.go): signup and invite confirm the address, recovery and
// magic link prove access to it, email_change swaps the address in (after both
// addresses have confirmed, with double_confirm_changes on).
import { randomBytes } from "node:crypto";
import type { Db } from "./db.ts";
import { badRequest, forbidden } from "./errors.ts";
import { clearOneTimeToken, findOneTimeToken, isExpired, otpMatches, type OneTimeTokenType } from "./one-time-tokens.ts";
import { hashPassword } from "./passwords.ts";
import type { AuthSettings } from "./settings.ts";
import {
  AUDIENCE,
  clearOneTimeTokens,
  confirmUser,
  emailIdentityData,
  findUserByEmail,
  findUserById,
  insertIdentity,
  INSTANCE_ID,
  isBanned,
  isConfirmed,
  updateIdentityData,
  type User,
  type UserRow,
} from "./users.ts";

export type VerifyType = "signup" | "invite" | "recovery" | "magiclink" | "email_change";

const LINK_EXPIRED = "Email link is invalid or has expired";
const OTP_EXPIRED = "Token has expired or is invalid";

const TOKEN_TYPES: Record<string, OneTimeTokenType[]> = {
  email: ["confirmation_token", "recovery_token"],
  signup: ["confirmation_token"],
  invite: ["confirmation_token"],
  recovery: ["recovery_token"],
  magiclink: ["recovery_token"],
  email_change: ["email_change_token_current", "email_change_token_new"],
};

function sentAtFor(type: VerifyType, user: UserRow): Date | null {
  if (type === "signup" || type === "invite") return user.confirmation_sent_at;
  if (type === "recovery" || type === "magiclink") return user.recovery_sent_at;
  return user.email_change_sent_at;
}

/** GoTrue's verifyTokenHash: the user a token hash (from a link) belongs to. Resolves type "email". */
export async function userForTokenHash(db: Db, settings: AuthSettings, type: string, hash: string): Promise<{ user: User; type: VerifyType }> {
  const tokenTypes = TOKEN_TYPES[type];
  if (!tokenTypes) throw badRequest("validation_failed", "Invalid email verification type");
  const token = await findOneTimeToken(db, hash, tokenTypes);
  const user = token ? await findUserById(db, token.user_id, true) : null;
  if (!user) throw forbidden("otp_expired", LINK_EXPIRED);
  if (isBanned(user.row)) throw forbidden("user_banned", "User is banned");
  const resolved: VerifyType = type === "email" ? (user.row.recovery_token === hash ? "magiclink" : "signup") : (type as VerifyType);
  if (isExpired(sentAtFor(resolved, user.row), settings.otpExpirySeconds)) throw forbidden("otp_expired", LINK_EXPIRED);
  return { user, type: resolved };
}

/** GoTrue's verifyUserAndToken: the user an email address plus typed OTP belongs to. */
export async function userForEmailOtp(db: Db, settings: AuthSettings, type: string, email: string, hash: string): Promise<{ user: User; type: VerifyType }> {
  let user: User | null;
  if (type === "email_change") {
    const { rows } = await db.query<{ id: string }>(
      `select id from auth.users where instance_id = $1 and aud = $2 and (lower(email_change) = $3 or lower(email) = $3) limit 1`,
      [INSTANCE_ID, AUDIENCE, email],
    );
    user = rows[0] ? await findUserById(db, rows[0].id, true) : null;
  } else {
    user = await findUserByEmail(db, email, true);
  }
  if (!user) throw forbidden("otp_expired", OTP_EXPIRED);
  if (isBanned(user.row)) throw forbidden("user_banned", "User is banned");
  const u = user.row;
  const expiry = settings.otpExpirySeconds;
  let resolved: VerifyType | null = null;
  if (type === "email") {
    if (otpMatches(hash, u.confirmation_token, u.confirmation_sent_at, expiry)) resolved = "signup";
    else if (otpMatches(hash, u.recovery_token, u.recovery_sent_at, expiry)) resolved = "magiclink";
  } else if ((type === "signup" || type === "invite") && otpMatches(hash, u.confirmation_token, u.confirmation_sent_at, expiry)) {
    resolved = type;
  } else if ((type === "recovery" || type === "magiclink") && otpMatches(hash, u.recovery_token, u.recovery_sent_at, expiry)) {
    resolved = type;
  } else if (
    type === "email_change" &&
    (otpMatches(hash, u.email_change_token_current, u.email_change_sent_at, expiry) || otpMatches(hash, u.email_change_token_new, u.email_change_sent_at, expiry))
  ) {
    resolved = type;
  }
  if (!resolved) throw forbidden("otp_expired", OTP_EXPIRED);
  return { user, type: resolved };
}

async function markIdentityEmailVerified(db: Db, user: User): Promise<void> {
  for (const identity of user.identities) {
    if (identity.email && user.row.email && identity.email === user.row.email) {
      await updateIdentityData(db, identity.id, { email_verified: true });
    }
  }
}

/**
 * Applies a verified token. Returns false when it was the first of the two
 * confirmations a secure email change needs (nothing to sign in with yet).
 */
export async function applyVerification(db: Db, settings: AuthSettings, type: VerifyType, user: User, hash: string): Promise<boolean> {
  const id = user.row.id;
  if (type === "signup" || type === "invite") {
    if (!user.row.encrypted_password && user.row.invited_at) {
      // An invited user gets a random password the app should let them replace.
      await db.query("update auth.users set encrypted_password = $2 where id = $1", [id, await hashPassword(randomBytes(32).toString("hex"))]);
    }
    await confirmUser(db, id);
    await markIdentityEmailVerified(db, user);
    return true;
  }
  if (type === "recovery" || type === "magiclink") {
    await db.query("update auth.users set recovery_token = '', updated_at = now() where id = $1", [id]);
    await clearOneTimeTokens(db, id);
    if (!isConfirmed(user.row)) await confirmUser(db, id);
    return true;
  }
  return applyEmailChange(db, settings, user, hash);
}

async function applyEmailChange(db: Db, settings: AuthSettings, user: User, hash: string): Promise<boolean> {
  const u = user.row;
  if (!settings.autoconfirm && settings.secureEmailChange && (u.email_change_confirm_status ?? 0) === 0 && u.email) {
    const isCurrent = hash === u.email_change_token_current || (await findOneTimeToken(db, hash, ["email_change_token_current"])) !== null;
    const isNew = !isCurrent && (hash === u.email_change_token_new || (await findOneTimeToken(db, hash, ["email_change_token_new"])) !== null);
    const cleared = isCurrent ? "email_change_token_current" : isNew ? "email_change_token_new" : null;
    if (cleared) await clearOneTimeToken(db, u.id, cleared);
    await db.query(
      `update auth.users set email_change_confirm_status = 1,
              email_change_token_current = case when $2 then '' else email_change_token_current end,
              email_change_token_new = case when $3 then '' else email_change_token_new end,
              updated_at = now()
        where id = $1`,
      [u.id, isCurrent, isNew],
    );
    return false;
  }
  const newEmail = (u.email_change ?? "").toLowerCase();
  const emailIdentity = user.identities.find((identity) => identity.provider === "email");
  if (emailIdentity) await updateIdentityData(db, emailIdentity.id, { email: newEmail, email_verified: true });
  else await insertIdentity(db, u.id, "email", emailIdentityData(u.id, newEmail, true));
  await db.query(
    `update auth.users set email = $2, email_change = '', email_change_token_current = '', email_change_token_new = '',
            email_change_confirm_status = 0, is_anonymous = false, updated_at = now()
      where id = $1`,
    [u.id, newEmail],
  );
  await clearOneTimeTokens(db, u.id);
  if (!isConfirmed(u)) await confirmUser(db, u.id);
  return true;
}
