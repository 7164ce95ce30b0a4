// auth.users and auth.identities: the rows GoTrue reads and writes, and the
// user object it returns (GoTrue internal/models/user.go JSON tags, including
// which fields are left out when empty).
import { randomUUID } from "node:crypto";
import type { Db } from "./db.ts";
import { AuthError } from "./errors.ts";

/** GoTrue's users all live in the nil instance. */
export const INSTANCE_ID = "00000000-0000-0000-0000-000000000000";
export const AUDIENCE = "authenticated";

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_token_current: string | null;
  email_change_confirm_status: number | null;
  reauthentication_token: string | null;
  reauthentication_sent_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  phone_change: string | null;
  phone_change_sent_at: Date | null;
  confirmed_at: Date | null;
  banned_until: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
  is_sso_user: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

export interface User {
  row: UserRow;
  identities: IdentityRow[];
}

const iso = (value: Date | null | undefined) => value?.toISOString();

/** The user object GoTrue returns; `undefined` fields are omitted like Go's omitempty. */
export function userJson(user: User): Record<string, unknown> {
  const u = user.row;
  return {
    id: u.id,
    aud: u.aud ?? "",
    role: u.role ?? "",
    email: u.email ?? "",
    email_confirmed_at: iso(u.email_confirmed_at),
    invited_at: iso(u.invited_at),
    phone: u.phone ?? "",
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.confirmed_at),
    recovery_sent_at: iso(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    new_phone: u.phone_change || undefined,
    phone_change_sent_at: iso(u.phone_change_sent_at),
    reauthentication_sent_at: iso(u.reauthentication_sent_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: user.identities.map(identityJson),
    created_at: iso(u.created_at) ?? "0001-01-01T00:00:00Z",
    updated_at: iso(u.updated_at) ?? "0001-01-01T00:00:00Z",
    banned_until: iso(u.banned_until),
    deleted_at: iso(u.deleted_at),
    is_anonymous: u.is_anonymous,
  };
}

export function identityJson(identity: IdentityRow): Record<string, unknown> {
  return {
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email || undefined,
  };
}

export const isConfirmed = (u: UserRow) => u.email_confirmed_at !== null;
export const isBanned = (u: UserRow) => u.banned_until !== null && u.banned_until.getTime() > Date.now();

// Columns GoTrue scans into Go strings and times: a NULL in any of them (a seed
// that inserted into auth.users without setting them) makes GoTrue fail every
// lookup of that user with a 500, so the emulator refuses the same way.
const NOT_NULL_FOR_GOTRUE = [
  "aud", "role", "confirmation_token", "recovery_token", "email_change_token_new", "email_change_token_current",
  "email_change", "phone_change", "phone_change_token", "reauthentication_token", "created_at", "updated_at",
] as const;

async function withIdentities(db: Db, row: UserRow | undefined): Promise<User | null> {
  if (!row) return null;
  const nullColumns = NOT_NULL_FOR_GOTRUE.filter((column) => (row as unknown as Record<string, unknown>)[column] === null);
  if (nullColumns.length > 0) {
    throw new AuthError(500, "unexpected_failure", "Database error querying schema", `auth.users ${row.id} has NULL in ${nullColumns.join(", ")}; GoTrue cannot read such a row (set them to '' or now())`);
  }
  const identities = await db.query<IdentityRow>("select * from auth.identities where user_id = $1 order by created_at, id", [row.id]);
  return { row, identities: identities.rows };
}

/** `lock` takes the row for update, so concurrent requests on one user queue up. */
export async function findUserById(db: Db, id: string, lock = false): Promise<User | null> {
  const { rows } = await db.query<UserRow>(
    `select * from auth.users where instance_id = $1 and id = $2${lock ? " for update" : ""}`,
    [INSTANCE_ID, id],
  );
  return withIdentities(db, rows[0]);
}

export async function findUserByEmail(db: Db, email: string, lock = false): Promise<User | null> {
  const { rows } = await db.query<UserRow>(
    `select * from auth.users
      where instance_id = $1 and lower(email) = lower($2) and aud = $3 and is_sso_user = false
      limit 1${lock ? " for update" : ""}`,
    [INSTANCE_ID, email, AUDIENCE],
  );
  return withIdentities(db, rows[0]);
}

/** GoTrue's IsDuplicatedEmail: another user already holds this address through an identity. */
export async function emailTakenByAnotherUser(db: Db, email: string, exceptUserId: string | null): Promise<User | null> {
  const { rows } = await db.query<{ user_id: string }>(
    "select distinct user_id from auth.identities where email = lower($1) and user_id is distinct from $2::uuid",
    [email, exceptUserId],
  );
  for (const { user_id } of rows) {
    const user = await findUserById(db, user_id);
    if (user?.row.aud === AUDIENCE) return user;
  }
  // As GoTrue does "out of an abundance of caution": a user row without an identity.
  return findUserByEmail(db, email);
}

export async function reloadUser(db: Db, id: string): Promise<User> {
  const user = await findUserById(db, id);
  if (!user) throw new Error(`auth.users row ${id} vanished inside its own transaction`);
  return user;
}

export interface NewUser {
  id?: string;
  email: string;
  passwordHash: string | null;
  userMetadata: Record<string, unknown>;
  appMetadata: Record<string, unknown>;
  role?: string;
  isAnonymous?: boolean;
}

/** Inserts the auth.users row; triggers on it (the app's handle_new_user) run here. */
export async function insertUser(db: Db, user: NewUser): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (
       instance_id, id, aud, role, email, encrypted_password, raw_app_meta_data, raw_user_meta_data,
       created_at, updated_at, is_sso_user, is_anonymous,
       confirmation_token, recovery_token, email_change_token_new, email_change_token_current,
       email_change, phone_change, phone_change_token, reauthentication_token
     ) values ($1, $2, $3, $4, $5, $6, $7, $8, now(), now(), false, $9, '', '', '', '', '', '', '', '')
     returning *`,
    [
      INSTANCE_ID,
      user.id ?? randomUUID(),
      AUDIENCE,
      user.role ?? AUDIENCE,
      user.email ? user.email.toLowerCase() : null, // no address is NULL in GoTrue, so the unique index allows many
      user.passwordHash ?? "",
      user.appMetadata,
      user.userMetadata,
      user.isAnonymous ?? false,
    ],
  );
  return rows[0]!;
}

/** identity_data of an email identity, as GoTrue's provider.Claims maps it. */
export function emailIdentityData(userId: string, email: string, verified = false): Record<string, unknown> {
  return { sub: userId, email: email.toLowerCase(), email_verified: verified, phone_verified: false };
}

export async function insertIdentity(db: Db, userId: string, provider: string, data: Record<string, unknown>): Promise<IdentityRow> {
  const { rows } = await db.query<IdentityRow>(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1, $2, $3, $4, now(), now(), now()) returning *`,
    [String(data.sub ?? userId), userId, data, provider],
  );
  return rows[0]!;
}

/** Merges into identity_data: a null value removes the key, as GoTrue's UpdateIdentityData. */
export async function updateIdentityData(db: Db, identityId: string, updates: Record<string, unknown>): Promise<void> {
  await db.query(
    `update auth.identities
        set identity_data = jsonb_strip_nulls(identity_data || $2::jsonb), updated_at = now()
      where id = $1`,
    [identityId, updates],
  );
}

/** Merges into raw_user_meta_data: a null value removes the key (GoTrue's UpdateUserMetaData). */
export async function mergeUserMetadata(db: Db, userId: string, updates: Record<string, unknown>): Promise<void> {
  await db.query(
    `update auth.users
        set raw_user_meta_data = (coalesce(raw_user_meta_data, '{}'::jsonb) || $2::jsonb) - $3::text[], updated_at = now()
      where id = $1`,
    [userId, withoutNulls(updates), nullKeys(updates)],
  );
}

/** Merges into raw_app_meta_data, same rules. */
export async function mergeAppMetadata(db: Db, userId: string, updates: Record<string, unknown>): Promise<void> {
  await db.query(
    `update auth.users
        set raw_app_meta_data = (coalesce(raw_app_meta_data, '{}'::jsonb) || $2::jsonb) - $3::text[], updated_at = now()
      where id = $1`,
    [userId, withoutNulls(updates), nullKeys(updates)],
  );
}

const withoutNulls = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
const nullKeys = (values: Record<string, unknown>) =>
  Object.entries(values)
    .filter(([, value]) => value === null)
    .map(([key]) => key);

/** GoTrue's UpdateAppMetaDataProviders: provider/providers from the user's identities, oldest first. */
export async function refreshProviders(db: Db, userId: string): Promise<void> {
  const { rows } = await db.query<{ provider: string }>(
    "select provider from auth.identities where user_id = $1 group by provider order by min(created_at)",
    [userId],
  );
  const providers = rows.map((r) => r.provider);
  await mergeAppMetadata(db, userId, providers.length > 0 ? { provider: providers[0], providers } : { providers });
}

/** Clears every pending one-time token of a user (GoTrue's ClearAllOneTimeTokensForUser). */
export async function clearOneTimeTokens(db: Db, userId: string): Promise<void> {
  await db.query("delete from auth.one_time_tokens where user_id = $1", [userId]);
}

/** GoTrue's user.Confirm: confirmed now, email_verified in the metadata, tokens spent. */
export async function confirmUser(db: Db, userId: string): Promise<void> {
  await db.query(
    "update auth.users set confirmation_token = '', email_confirmed_at = now(), updated_at = now() where id = $1",
    [userId],
  );
  await mergeUserMetadata(db, userId, { email_verified: true });
  await clearOneTimeTokens(db, userId);
}
