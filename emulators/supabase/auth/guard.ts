// Who is calling (GoTrue internal/api/auth.go): user endpoints need a valid access
// token as `Authorization: Bearer`, whose user and session still exist; admin
// endpoints need a token whose role is service_role. Hosted Supabase's gateway
// turns a new-style API key sent as the bearer (sb_secret_…, sb_publishable_…)
// into a JWT of its role before GoTrue sees it; the emulator does the same here.
import type { Context } from "hono";
import { JwtError, type JwtClaims } from "../keys.ts";
import type { AuthDeps } from "./deps.ts";
import { AuthError, badRequest, forbidden } from "./errors.ts";
import { findSession, type SessionRow } from "./sessions.ts";
import { findUserById, isBanned, type User } from "./users.ts";

const ADMIN_ROLES = ["service_role", "supabase_admin"];
const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Caller {
  claims: JwtClaims;
  user: User;
  session: SessionRow | null;
}

function bearerToken(c: Context): string {
  const match = /^bearer (\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!match?.[1]) throw new AuthError(401, "no_authorization", "This endpoint requires a valid Bearer token");
  return match[1];
}

async function verifiedClaims(deps: AuthDeps, token: string): Promise<JwtClaims> {
  const apiKeyRole = deps.ctx.keys.roleForApiKey(token);
  if (apiKeyRole && token.startsWith("sb_")) return { role: apiKeyRole };
  try {
    return await deps.ctx.keys.verifyJwt(token);
  } catch (error) {
    const reason =
      error instanceof JwtError && error.reason === "expired"
        ? "token has invalid claims: token is expired"
        : `token signature is invalid: ${(error as Error).message}`;
    throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
}

/** GoTrue's maybeLoadUserOrSession: the user named by `sub` and the session named by `session_id`. */
async function loadUserAndSession(deps: AuthDeps, claims: JwtClaims): Promise<{ user: User; session: SessionRow | null }> {
  if (!claims.sub) throw forbidden("bad_jwt", "invalid claim: missing sub claim");
  if (!UUID.test(claims.sub)) throw badRequest("bad_jwt", "invalid claim: sub claim must be a UUID");
  const user = await findUserById(deps.ctx.pool, claims.sub);
  if (!user) throw forbidden("user_not_found", "User from sub claim in JWT does not exist");
  let session: SessionRow | null = null;
  const sessionId = typeof claims.session_id === "string" ? claims.session_id : "";
  if (sessionId && sessionId !== NIL_UUID) {
    if (!UUID.test(sessionId)) throw forbidden("bad_jwt", "invalid claim: session_id claim must be a UUID");
    session = await findSession(deps.ctx.pool, sessionId);
    if (!session) throw forbidden("session_not_found", "Session from session_id claim in JWT does not exist");
  }
  return { user, session };
}

export async function authenticate(c: Context, deps: AuthDeps): Promise<Caller> {
  const claims = await verifiedClaims(deps, bearerToken(c));
  const { user, session } = await loadUserAndSession(deps, claims);
  if (isBanned(user.row)) throw forbidden("user_banned", "User is banned");
  return { claims, user, session };
}

export async function requireAdmin(c: Context, deps: AuthDeps): Promise<JwtClaims> {
  const claims = await verifiedClaims(deps, bearerToken(c));
  if (typeof claims.session_id === "string" && claims.session_id && claims.session_id !== NIL_UUID) {
    await loadUserAndSession(deps, claims);
  }
  if (!ADMIN_ROLES.includes(String(claims.role ?? ""))) throw forbidden("not_admin", "User not allowed");
  return claims;
}
