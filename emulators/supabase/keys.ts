// The emulator's fixed local keys: the same values the Supabase CLI uses for a
// local stack, so nothing here is secret and `.env.development` can carry them.
// Access tokens are signed ES256 with supabase/signing_keys.json and published
// in the JWKS; the legacy anon/service_role keys are HS256 JWTs over the CLI's
// well-known local JWT secret.
import { readFileSync } from "node:fs";
import path from "node:path";
import * as jose from "jose";
import type { SupabaseConfig } from "./config.ts";

export const LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
export const LOCAL_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
export const LOCAL_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";
// `{"iss":"supabase-demo","role":"anon"|"service_role","exp":1983812996}` signed HS256.
export const LOCAL_ANON_JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
export const LOCAL_SERVICE_ROLE_JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";

export type ApiRole = "anon" | "service_role";

/** Claims of a verified JWT; `role` decides the Postgres role of the request. */
export type JwtClaims = jose.JWTPayload & { role?: string; [claim: string]: unknown };

export class JwtError extends Error {
  constructor(
    message: string,
    readonly reason: "expired" | "invalid",
  ) {
    super(message);
  }
}

export interface EmulatorKeys {
  publishableKey: string;
  secretKey: string;
  anonJwt: string;
  serviceRoleJwt: string;
  /** Private signing key (ES256) for access tokens, and its key id. */
  signingKey: CryptoKey;
  kid: string;
  /** The public JWKS served at /auth/v1/.well-known/jwks.json. */
  jwks: { keys: jose.JWK[] };
  /** Which API role an `apikey` header (or Bearer of an API key) stands for, or null. */
  roleForApiKey(key: string): ApiRole | null;
  /** Verifies an access token or legacy key JWT: ES256 by kid, or HS256 by the JWT secret. */
  verifyJwt(token: string): Promise<JwtClaims>;
  signAccessToken(claims: JwtClaims, expiresInSeconds: number): Promise<string>;
}

export async function loadKeys(config: SupabaseConfig): Promise<EmulatorKeys> {
  const keysFile = path.resolve(config.dir, config.auth.signing_keys_path ?? "signing_keys.json");
  const [privateJwk] = JSON.parse(readFileSync(keysFile, "utf8")) as jose.JWK[];
  if (!privateJwk?.kid || privateJwk.kty !== "EC") {
    throw new Error(`${keysFile} must hold an EC (ES256) private key with a kid`);
  }
  const kid = privateJwk.kid;
  const signingKey = (await jose.importJWK({ ...privateJwk, key_ops: ["sign"] }, "ES256")) as CryptoKey;
  const { d: _private, key_ops: _ops, ...publicJwk } = privateJwk;
  const publicKey = await jose.importJWK({ ...publicJwk, key_ops: ["verify"] }, "ES256");
  const hmacSecret = new TextEncoder().encode(LOCAL_JWT_SECRET);

  const apiKeys = new Map<string, ApiRole>([
    [LOCAL_PUBLISHABLE_KEY, "anon"],
    [LOCAL_ANON_JWT, "anon"],
    [LOCAL_SECRET_KEY, "service_role"],
    [LOCAL_SERVICE_ROLE_JWT, "service_role"],
  ]);

  return {
    publishableKey: LOCAL_PUBLISHABLE_KEY,
    secretKey: LOCAL_SECRET_KEY,
    anonJwt: LOCAL_ANON_JWT,
    serviceRoleJwt: LOCAL_SERVICE_ROLE_JWT,
    signingKey,
    kid,
    jwks: { keys: [{ ...publicJwk, key_ops: ["verify"] }] },
    roleForApiKey: (key) => apiKeys.get(key) ?? null,
    async verifyJwt(token) {
      let header: jose.ProtectedHeaderParameters;
      try {
        header = jose.decodeProtectedHeader(token);
      } catch {
        throw new JwtError("Expected 3 parts in JWT; got a malformed token", "invalid");
      }
      try {
        if (header.alg === "ES256" && header.kid === kid) {
          return (await jose.jwtVerify(token, publicKey, { algorithms: ["ES256"] })).payload as JwtClaims;
        }
        if (header.alg === "HS256") {
          return (await jose.jwtVerify(token, hmacSecret, { algorithms: ["HS256"] })).payload as JwtClaims;
        }
      } catch (error) {
        if (error instanceof jose.errors.JWTExpired) throw new JwtError("JWT expired", "expired");
        throw new JwtError("JWT could not be verified", "invalid");
      }
      throw new JwtError(`JWT signed with an unknown key or algorithm (${header.alg ?? "none"})`, "invalid");
    },
    signAccessToken(claims, expiresInSeconds) {
      const now = Math.floor(Date.now() / 1000);
      return new jose.SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInSeconds)
        .sign(signingKey);
    },
  };
}
