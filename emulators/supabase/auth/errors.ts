// GoTrue's error contract. Every refusal is an AuthError with an HTTP status, a
// machine-readable code and a message; how it is written depends on the API
// version the client asked for (supabase-js sends `X-Supabase-Api-Version:
// 2024-01-01`): `{code, message}` for 2024-01-01 and later, the legacy
// `{code: <status>, error_code, msg}` otherwise (see GoTrue internal/api/errors.go).
import type { Context } from "hono";

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Logged, never sent: why a 500 happened. */
    readonly internalDetail?: string,
  ) {
    super(message);
  }
}

/** 422 weak_password with the reasons supabase-js exposes as `error.reasons`. */
export class WeakPasswordError extends AuthError {
  constructor(
    message: string,
    readonly reasons: string[],
  ) {
    super(422, "weak_password", message);
  }
}

/**
 * Thrown inside a transaction whose writes must still be committed before the
 * request fails: GoTrue revokes a refresh token family, commits, then refuses.
 */
export class CommitThenFail extends Error {
  constructor(readonly error: AuthError) {
    super(error.message);
  }
}

export const badRequest = (code: string, message: string) => new AuthError(400, code, message);
export const forbidden = (code: string, message: string) => new AuthError(403, code, message);
export const notFound = (code: string, message: string) => new AuthError(404, code, message);
export const unprocessable = (code: string, message: string) => new AuthError(422, code, message);
export const tooManyRequests = (code: string, message: string) => new AuthError(429, code, message);
export const internal = (message: string, detail?: string) => new AuthError(500, "unexpected_failure", message, detail);

const API_VERSION_HEADER = "X-Supabase-Api-Version";
const API_VERSION_2024 = "2024-01-01";

/** True when the request asked for the 2024-01-01 (or later) API; a malformed value counts as the initial one. */
function wantsVersion2024(c: Context): boolean {
  const raw = c.req.header(API_VERSION_HEADER);
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) return false;
  return raw >= API_VERSION_2024;
}

export function errorResponse(c: Context, error: AuthError): Response {
  const v2024 = wantsVersion2024(c);
  if (v2024) c.header(API_VERSION_HEADER, API_VERSION_2024);
  c.header("x-sb-error-code", error.code);
  const weak = error instanceof WeakPasswordError ? { weak_password: { reasons: error.reasons } } : {};
  const body = v2024
    ? { code: error.code, message: error.message, ...weak }
    : { code: error.status, error_code: error.code, msg: error.message, ...weak };
  return c.json(body, error.status as 400);
}

export const UNEXPECTED_FAILURE = "Unexpected failure, please check server logs for more information";
