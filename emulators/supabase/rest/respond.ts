// HTTP responses in PostgREST's form (Response.hs, RangeQuery.hs): status,
// Content-Range, Preference-Applied, and the response.status /
// response.headers overrides a function may set with set_config.
import { invalidRange, RestError } from "./errors.ts";
import type { ResultRow } from "./sql/statement.ts";

export function errorResponse(error: RestError): Response {
  const body = JSON.stringify(error.body());
  return new Response(body, {
    status: error.status,
    // PostgREST 13 names the error's code in Proxy-Status on every error response.
    headers: { "Content-Type": "application/json; charset=utf-8", "Proxy-Status": `PostgREST; error=${error.code}`, ...error.headers },
  });
}

export function contentRange(lower: number, upper: number, total: number | null): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : "*";
  return `${range}/${total === null ? "*" : total}`;
}

/** Status and Content-Range of a read: 206 when the page is smaller than the known total, 416 past the end. */
export function rangeStatus(offset: number, pageTotal: number, total: number | null): { status: number; contentRange: string } {
  const upper = offset + pageTotal - 1;
  const header = contentRange(offset, upper, total);
  if (total === null) return { status: 200, contentRange: header };
  if (offset > total) return { status: 416, contentRange: header };
  if (1 + upper - offset < total) return { status: 206, contentRange: header };
  return { status: 200, contentRange: header };
}

export function outOfBounds(offset: number, total: number | null): RestError {
  return invalidRange(`An offset of ${offset} was requested, but there are only ${total ?? 0} rows.`);
}

/** Applies `response.status` and `response.headers` set by the query; PGRST111/112 when malformed. */
export function applyGucOverrides(row: ResultRow, status: number, headers: Headers): number {
  if (row.response_headers) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(row.response_headers);
    } catch {
      parsed = null;
    }
    const valid = Array.isArray(parsed) && parsed.every((h) => h && typeof h === "object" && Object.keys(h).length === 1 && typeof Object.values(h)[0] === "string");
    if (!valid) throw new RestError(500, "PGRST111", "response.headers guc must be a JSON array composed of objects with a single key and a string value");
    for (const entry of parsed as Record<string, string>[]) {
      for (const [name, value] of Object.entries(entry)) headers.set(name, value);
    }
  }
  if (row.response_status) {
    const override = Number(row.response_status);
    if (!Number.isInteger(override) || override < 100 || override > 599) {
      throw new RestError(500, "PGRST112", "response.status guc must be a valid status code");
    }
    return override;
  }
  return status;
}

export function bodyResponse(status: number, headers: Headers, body: string | null): Response {
  // 204 and 304 responses cannot carry a body.
  if (status === 204 || status === 304) return new Response(null, { status, headers });
  const text = body ?? "";
  headers.set("Content-Length", String(Buffer.byteLength(text)));
  // A null body, so the runtime adds no text/plain Content-Type PostgREST would not send.
  return new Response(text === "" ? null : text, { status, headers });
}
