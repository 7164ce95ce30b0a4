// Maps an error Postgres raised during a request to PostgREST's response:
// the SQLSTATE becomes `code`, Postgres' message/detail/hint are passed through,
// and the status follows pgErrorStatus in PostgREST's Error.hs (v13).
import { RestError } from "./errors.ts";

interface PgErrorLike {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

function isPgError(error: unknown): error is PgErrorLike & { severity: string } {
  return typeof error === "object" && error !== null && "severity" in error && "code" in error;
}

export function statusForSqlState(code: string, message: string, authenticated: boolean): number {
  switch (code) {
    case "23503":
    case "23505":
      return 409;
    case "25006":
      return 405;
    case "21000":
      return message.endsWith("requires a WHERE clause") ? 400 : 500;
    case "22023":
      // A JWT role that does not exist (PostgREST issue 3601).
      return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
    case "53400":
      return 500;
    case "57P01":
      return 503;
    case "P0001":
      return 400;
    case "42883":
      return message.startsWith("function xmlagg(") ? 406 : 404;
    case "42P01":
      return 404;
    case "42P17":
      return 500;
    case "42501":
      return authenticated ? 403 : 401;
  }
  const prefixStatus: Record<string, number> = {
    "08": 503, "09": 500, "0L": 403, "0P": 403, "25": 500, "28": 403, "2D": 500, "38": 500, "39": 500,
    "3B": 500, "40": 500, "53": 503, "54": 500, "55": 500, "57": 500, "58": 500, F0: 500, HV: 500, P0: 500, XX: 500,
  };
  const prefix = code.slice(0, 2);
  if (prefix === "PT") {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
  }
  return prefixStatus[prefix] ?? 400;
}

/** `RAISE SQLSTATE 'PGRST' USING message = '{json}', detail = '{json}'`: full control of the response. */
function raisedPgrst(error: PgErrorLike): RestError {
  let body: { code?: unknown; message?: unknown; details?: unknown; hint?: unknown };
  let meta: { status?: unknown; headers?: unknown };
  try {
    body = JSON.parse(error.message) as typeof body;
  } catch {
    return new RestError(500, "PGRST121", `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      `Invalid JSON value for MESSAGE: '${error.message}'`,
      "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.");
  }
  try {
    meta = JSON.parse(error.detail ?? "") as typeof meta;
  } catch {
    return new RestError(500, "PGRST121", `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      error.detail ? `Invalid JSON value for DETAIL: '${error.detail}'` : "DETAIL is missing in the RAISE statement",
      "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.");
  }
  const headers: Record<string, string> = {};
  if (meta.headers && typeof meta.headers === "object") {
    for (const [k, v] of Object.entries(meta.headers)) if (typeof v === "string") headers[k] = v;
  }
  const status = typeof meta.status === "number" ? meta.status : 500;
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return new RestError(status, text(body.code) ?? "", text(body.message) ?? "", text(body.details), text(body.hint), headers);
}

export function restErrorFromPg(error: unknown, authenticated: boolean): RestError {
  if (error instanceof RestError) return error;
  if (!isPgError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    // Connection-level failures: PostgREST answers 503 PGRST000 and retries.
    return new RestError(503, "PGRST000", "Database connection error. Retrying the connection.", message);
  }
  const code = error.code ?? "";
  if (code === "PGRST") return raisedPgrst(error);
  const status = statusForSqlState(code, error.message, authenticated);
  const headers: Record<string, string> = status === 401 ? { "WWW-Authenticate": "Bearer" } : {};
  return new RestError(status, code, error.message, error.detail ?? null, error.hint ?? null, headers);
}
