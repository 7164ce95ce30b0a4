// Who a request runs as (PostgREST's Auth.hs behind Supabase's gateway): a
// Bearer JWT's `role` claim (anon when absent), or the role of an API key sent
// as Bearer (supabase-js sends the publishable key when signed out) or as the
// `apikey` header alone. Verified tokens are cached until they expire, as
// PostgREST's JWT cache does, so a signature is checked once, not per request.
import * as jose from "jose";
import { type EmulatorKeys, JwtError, type JwtClaims } from "../keys.ts";
import { jwtClaimsError, jwtDecodeError } from "./errors.ts";

export interface RequestAuth {
  role: string;
  claims: Record<string, unknown>;
}

const ANON_ROLE = "anon";
const CACHE_LIMIT = 1000;
const SUPPORTED_ALGORITHMS = new Set(["HS256", "ES256"]);

export class Authenticator {
  private readonly cache = new Map<string, { auth: RequestAuth; expiresAt: number }>();

  constructor(private readonly keys: EmulatorKeys) {}

  async authenticate(authorization: string | undefined, apikey: string | undefined): Promise<RequestAuth> {
    const token = bearerToken(authorization);
    if (token === null) return this.fromApiKey(apikey);
    if (token === "") throw jwtDecodeError("Empty JWT is sent in Authorization header");
    const keyRole = this.keys.roleForApiKey(token);
    if (keyRole && !token.includes(".")) return { role: keyRole, claims: { role: keyRole } };
    const cached = this.cache.get(token);
    if (cached && cached.expiresAt > Date.now()) return cached.auth;
    const auth = await this.verify(token);
    this.remember(token, auth);
    return auth;
  }

  private fromApiKey(apikey: string | undefined): RequestAuth {
    const role = apikey ? this.keys.roleForApiKey(apikey) : null;
    // The gateway rejects unknown keys before we get here; no key means anon.
    const resolved = role ?? ANON_ROLE;
    return { role: resolved, claims: { role: resolved } };
  }

  private async verify(token: string): Promise<RequestAuth> {
    const parts = token.split(".").length;
    if (parts !== 3) throw jwtDecodeError(`Expected 3 parts in JWT; got ${parts}`);
    let claims: JwtClaims;
    try {
      claims = await this.keys.verifyJwt(token);
    } catch (error) {
      if (error instanceof JwtError && error.reason === "expired") throw jwtClaimsError("JWT expired");
      throw jwtDecodeError(decodeFailureMessage(token, this.keys.kid));
    }
    const role = typeof claims.role === "string" && claims.role !== "" ? claims.role : claims.role === undefined ? ANON_ROLE : JSON.stringify(claims.role);
    return { role, claims: { ...claims, role } };
  }

  private remember(token: string, auth: RequestAuth): void {
    const exp = typeof auth.claims.exp === "number" ? auth.claims.exp * 1000 : Date.now() + 60_000;
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(token, { auth, expiresAt: exp });
  }
}

/** `Bearer <token>` (case-insensitive scheme); other schemes are ignored, as Wai's extractBearerAuth does. */
function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^bearer(?:\s+(.*))?$/i.exec(header.trim());
  if (!match) return null;
  return (match[1] ?? "").trim();
}

/** PostgREST's messages for a token that does not verify (JwtDecodeError). */
function decodeFailureMessage(token: string, kid: string): string {
  let header: jose.ProtectedHeaderParameters;
  try {
    header = jose.decodeProtectedHeader(token);
  } catch {
    return "JWT cryptographic operation failed";
  }
  if (!header.alg || !SUPPORTED_ALGORITHMS.has(header.alg)) return "Wrong or unsupported encoding algorithm";
  if (header.alg === "ES256" && header.kid !== kid) return "No suitable key or wrong key type";
  return "JWT cryptographic operation failed";
}
