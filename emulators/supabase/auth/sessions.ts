// Sessions and tokens (GoTrue internal/tokens/service.go, models/refresh_token.go):
// a sign-in creates an auth.sessions row, an opaque 12-character refresh token in
// auth.refresh_tokens and an `amr` claim in auth.mfa_amr_claims, and returns an
// ES256 access token. Refresh tokens are single use: each refresh revokes the
// token and issues its child. Reusing the parent of the active token returns that
// active token (the client lost the response); reusing any other revoked token
// within refresh_token_reuse_interval seconds of its revocation is tolerated;
// later reuse revokes every token of the session and fails.
import { randomBytes, randomUUID } from "node:crypto";
import * as jose from "jose";
import type { EmulatorContext } from "../context.ts";
import type { Db } from "./db.ts";
import { badRequest, CommitThenFail } from "./errors.ts";
import type { AuthMethod } from "./flow-state.ts";
import type { AuthSettings } from "./settings.ts";
import { findUserById, isBanned, userJson, type User } from "./users.ts";

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  aal: string | null;
  not_after: Date | null;
}

interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  updated_at: Date;
  parent: string | null;
  session_id: string | null;
}

export interface TokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** GoTrue's SecureAlphanumeric(12): lowercase base32 of random bytes. */
function newRefreshToken(): string {
  return [...randomBytes(12)].map((byte) => BASE32[byte % 32]).join("");
}

export interface TokenIssuer {
  ctx: EmulatorContext;
  settings: AuthSettings;
}

async function signAccessToken(issuer: TokenIssuer, db: Db, user: User, sessionId: string): Promise<{ token: string; expiresAt: number }> {
  const { rows } = await db.query<{ authentication_method: string; updated_at: Date }>(
    "select authentication_method, updated_at from auth.mfa_amr_claims where session_id = $1 order by updated_at",
    [sessionId],
  );
  const session = await db.query<{ aal: string | null }>("select aal from auth.sessions where id = $1", [sessionId]);
  const u = user.row;
  const token = await issuer.ctx.keys.signAccessToken(
    {
      iss: issuer.settings.issuer,
      sub: u.id,
      aud: u.aud ?? "",
      email: u.email ?? "",
      phone: u.phone ?? "",
      app_metadata: u.raw_app_meta_data ?? {},
      user_metadata: u.raw_user_meta_data ?? {},
      role: u.role ?? "",
      aal: session.rows[0]?.aal ?? "aal1",
      amr: rows.map((r) => ({ method: r.authentication_method, timestamp: Math.floor(r.updated_at.getTime() / 1000) })),
      session_id: sessionId,
      is_anonymous: u.is_anonymous,
    },
    issuer.settings.jwtExpiry,
  );
  // The key module stamps iat/exp itself; read exp back so expires_at matches the token exactly.
  return { token, expiresAt: jose.decodeJwt(token).exp ?? 0 };
}

async function tokenResponse(issuer: TokenIssuer, db: Db, user: User, sessionId: string, refreshToken: string): Promise<TokenResponse> {
  const { token, expiresAt } = await signAccessToken(issuer, db, user, sessionId);
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: expiresAt - Math.floor(Date.now() / 1000),
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

async function insertRefreshToken(db: Db, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [token, userId, parent, sessionId],
  );
  return token;
}

/** A new session for a user who just proved who they are (GoTrue's IssueRefreshToken). */
export async function issueSession(issuer: TokenIssuer, db: Db, userId: string, method: AuthMethod, client: ClientInfo): Promise<TokenResponse> {
  const sessionId = randomUUID();
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, user_agent, ip)
     values ($1, $2, now(), now(), 'aal1', $3, $4)`,
    [sessionId, userId, client.userAgent, client.ip],
  );
  const refreshToken = await insertRefreshToken(db, userId, sessionId, null);
  await db.query("update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1", [userId]);
  await db.query(
    `insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
     values ($1, $2, now(), now(), $3)
     on conflict (session_id, authentication_method) do update set updated_at = now()`,
    [randomUUID(), sessionId, method],
  );
  const user = await findUserById(db, userId);
  if (!user) throw new Error(`user ${userId} vanished while signing in`);
  return tokenResponse(issuer, db, user, sessionId, refreshToken);
}

/** POST /token?grant_type=refresh_token, inside the caller's transaction. */
export async function refreshSession(issuer: TokenIssuer, db: Db, presented: string, client: ClientInfo): Promise<TokenResponse> {
  if (presented.length < 12 || (presented.length === 12 && !/^[a-z0-9]{12}$/.test(presented))) {
    throw badRequest("validation_failed", "Refresh token is not valid");
  }
  const { rows } = await db.query<RefreshTokenRow>("select * from auth.refresh_tokens where token = $1 for update", [presented]);
  const token = rows[0];
  if (!token) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
  const user = await findUserById(db, token.user_id);
  if (!user) throw badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
  if (isBanned(user.row)) throw badRequest("user_banned", "Invalid Refresh Token: User Banned");
  const sessions = token.session_id
    ? await db.query<SessionRow>("select * from auth.sessions where id = $1 for update", [token.session_id])
    : { rows: [] };
  const session = sessions.rows[0];
  if (!session) throw badRequest("session_not_found", "Invalid Refresh Token: No Valid Session Found");
  if (session.not_after && session.not_after.getTime() < Date.now()) {
    throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");
  }

  let issued: string | null = null;
  if (token.revoked) {
    const active = await db.query<RefreshTokenRow>(
      "select * from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1",
      [session.id],
    );
    if (active.rows[0]?.parent === token.token) {
      issued = active.rows[0].token;
    } else {
      const reuseUntil = token.updated_at.getTime() + issuer.settings.refreshTokenReuseIntervalSeconds * 1000;
      if (Date.now() > reuseUntil) {
        if (issuer.settings.refreshTokenRotation) {
          await db.query("update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false", [session.id]);
        }
        throw new CommitThenFail(badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used"));
      }
    }
  }
  if (issued === null) {
    await db.query("update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1", [token.id]);
    issued = await insertRefreshToken(db, user.row.id, session.id, token.token);
  }
  await db.query("update auth.sessions set refreshed_at = now(), updated_at = now(), user_agent = $2, ip = $3 where id = $1", [
    session.id,
    client.userAgent,
    client.ip,
  ]);
  return tokenResponse(issuer, db, user, session.id, issued);
}

export async function findSession(db: Db, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>("select * from auth.sessions where id = $1", [id]);
  return rows[0] ?? null;
}

/** Ends sessions: every one of the user's (global), this one (local), or all but this one (others). */
export async function endSessions(db: Db, userId: string, scope: "global" | "local" | "others", sessionId: string | null): Promise<void> {
  if (sessionId && scope === "local") {
    await db.query("delete from auth.sessions where id = $1", [sessionId]);
  } else if (sessionId && scope === "others") {
    await db.query("delete from auth.sessions where id <> $1 and user_id = $2", [sessionId, userId]);
  } else {
    await db.query("delete from auth.sessions where user_id = $1", [userId]);
  }
}
