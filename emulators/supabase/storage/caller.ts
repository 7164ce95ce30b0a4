// Who is calling: the Postgres role and JWT claims a Storage request runs with.
// Hosted Supabase's gateway turns the new API keys into role JWTs before
// Storage sees them; here an API key in `Authorization: Bearer` stands for its
// role directly, and any other bearer must be a JWT the emulator's keys verify.
import type { EmulatorContext } from "../context.ts";
import { JwtError, type JwtClaims } from "../keys.ts";
import { ERRORS } from "./errors.ts";

export type DbRole = "anon" | "authenticated" | "service_role";

export interface Caller {
  role: DbRole;
  /** What `request.jwt.claims` holds for the request's transaction. */
  claims: JwtClaims;
  /** The raw bearer, for `request.jwt` (empty when there was none). */
  jwt: string;
  /** The JWT's `sub`, recorded as the owner of what the caller creates. */
  owner: string | undefined;
  /** False when the route let an absent or invalid JWT through as anon. */
  isAuthenticated: boolean;
}

const ROLES = new Set<string>(["anon", "authenticated", "service_role"]);

export const ANONYMOUS: Caller = {
  role: "anon",
  claims: { role: "anon" },
  jwt: "",
  owner: undefined,
  isAuthenticated: false,
};

/** Storage's own admin identity, for routes it serves as its superuser (public, signed). */
export const STORAGE_ADMIN: Caller = {
  role: "service_role",
  claims: { role: "service_role" },
  jwt: "",
  owner: undefined,
  isAuthenticated: true,
};

function bearerOf(authorization: string | undefined): string {
  return (authorization ?? "").replace(/^Bearer\s+/i, "").trim();
}

/** Storage verifies with jose and passes its messages through; keys.ts words them its own way. */
function joseWording(error: unknown): string {
  if (!(error instanceof JwtError)) return "signature verification failed";
  if (error.reason === "expired") return '"exp" claim timestamp check failed';
  return error.message.includes("malformed") ? "Invalid Compact JWS" : "signature verification failed";
}

/**
 * Resolves the caller of an authenticated route. Storage's schema requires the
 * header (a 400 validation error without it) and answers a bad JWT with
 * AccessDenied; `allowInvalidJwt` routes (plain GET/HEAD/info) fall back to anon.
 */
export async function resolveCaller(
  ctx: EmulatorContext,
  authorization: string | undefined,
  options: { allowInvalidJwt?: boolean } = {},
): Promise<Caller> {
  const token = bearerOf(authorization);
  if (!token) {
    if (options.allowInvalidJwt) return ANONYMOUS;
    if (authorization === undefined) throw ERRORS.validation("headers must have required property 'authorization'");
    throw ERRORS.accessDenied("Invalid Compact JWS");
  }
  const apiRole = ctx.keys.roleForApiKey(token);
  if (apiRole && !token.includes(".")) {
    // An opaque sb_publishable_/sb_secret_ key: the gateway would have minted a role JWT for it.
    return { role: apiRole, claims: { role: apiRole }, jwt: token, owner: undefined, isAuthenticated: true };
  }
  let claims: JwtClaims;
  try {
    claims = await ctx.keys.verifyJwt(token);
  } catch (error) {
    if (options.allowInvalidJwt) return ANONYMOUS;
    throw ERRORS.accessDenied(joseWording(error));
  }
  const role = typeof claims.role === "string" ? claims.role : "anon";
  if (!ROLES.has(role)) throw ERRORS.accessDenied(`role "${role}" does not exist`);
  return {
    role: role as DbRole,
    claims,
    jwt: token,
    owner: typeof claims.sub === "string" ? claims.sub : undefined,
    isAuthenticated: true,
  };
}
