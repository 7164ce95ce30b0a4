// What every REST request needs before planning: its schema, role, query
// parameters, preferences, requested range and body, parsed in the order
// PostgREST reports their errors.
import type { Context } from "hono";
import { Authenticator, type RequestAuth } from "../auth.ts";
import { readBodyWithin } from "../../../../lib/http/read-body.ts";
import { invalidBody, invalidRange, payloadTooLarge, RestError } from "../errors.ts";
import type { Executor } from "../executor.ts";
import { parsePreferences, parseRangeHeader, type Preferences, requestSchema } from "../request/headers.ts";
import { parseQueryParams, type QueryParams } from "../request/query-params.ts";
import type { Range } from "../request/types.ts";
import type { SchemaCacheManager } from "../schema/cache.ts";
import type { SchemaCache } from "../schema/types.ts";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RestServices {
  cache: SchemaCacheManager;
  executor: Executor;
  authenticator: Authenticator;
  exposedSchemas: string[];
  extraSearchPath: string[];
  maxRows: number;
}

export interface RequestContext {
  method: string;
  schema: string;
  /** Echo Content-Profile in the response (more than one schema exposed). */
  negotiatedSchema: boolean;
  auth: RequestAuth;
  query: QueryParams;
  prefs: Preferences;
  topRange: Range;
  headers: Headers;
  header(name: string): string | undefined;
  /** The path PostgREST would see, without the /rest/v1 prefix. */
  path: string;
  /** performance.now() on arrival, to tell a stale schema cache from a real miss. */
  receivedAt: number;
}

/** Intersects the Range header (GET only) with limit/offset (getRanges in ApiRequest.hs). */
function topLevelRange(method: string, rangeHeader: string | undefined, query: QueryParams): Range {
  const params = query.limits.get("");
  if (params?.limit !== undefined && params.limit !== null && params.limit < 0) {
    throw invalidRange("Limit should be greater than or equal to zero.");
  }
  const fromParams: Range = { offset: params?.offset ?? 0, limit: params?.limit ?? null };
  const header = method === "GET" ? parseRangeHeader(rangeHeader) : null;
  if (!header) return fromParams;
  if (header.limit !== null && header.limit <= 0) {
    throw invalidRange("The lower boundary must be lower than or equal to the upper boundary in the Range header.");
  }
  const lower = Math.max(header.offset, fromParams.offset);
  const ends = [header, fromParams].filter((r) => r.limit !== null).map((r) => r.offset + (r.limit ?? 0) - 1);
  const upper = ends.length ? Math.min(...ends) : null;
  if (upper !== null && upper < lower) {
    // limit=0 is the one empty range PostgREST allows.
    if (fromParams.limit === 0) return { offset: fromParams.offset, limit: 0 };
    throw invalidRange("The lower boundary must be lower than or equal to the upper boundary in the Range header.");
  }
  return { offset: lower, limit: upper === null ? null : upper - lower + 1 };
}

export async function requestContext(c: Context, services: RestServices, path: string, isRpcRead: boolean): Promise<RequestContext> {
  const receivedAt = performance.now();
  const method = c.req.method;
  const headers = c.req.raw.headers;
  const header = (name: string) => headers.get(name) ?? undefined;
  const { schema, negotiated } = requestSchema(method, header, services.exposedSchemas);
  const auth = await services.authenticator.authenticate(header("authorization"), header("apikey"));
  const url = c.req.url;
  const queryStart = url.indexOf("?");
  const query = parseQueryParams(queryStart === -1 ? "" : url.slice(queryStart + 1), isRpcRead);
  const prefs = parsePreferences(header("prefer"));
  const topRange = topLevelRange(method, header("range"), query);
  return { method, schema, negotiatedSchema: negotiated, auth, query, prefs, topRange, headers, header, path, receivedAt };
}

/** Reads the body up to MAX_BODY_BYTES (413 beyond), as UTF-8 text. */
export async function readBody(c: Context): Promise<string> {
  const read = await readBodyWithin(c.req.raw, MAX_BODY_BYTES);
  if (!read.ok) throw payloadTooLarge(read.size, MAX_BODY_BYTES);
  return read.text;
}

/** Only JSON bodies are read; PostgREST answers other types the same way. */
export function requireJsonBody(contentType: string | undefined): void {
  const type = (contentType ?? "application/json").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json" && type !== "") throw invalidBody(`Content-Type not acceptable: ${type}`);
}

// Errors that may only mean the cache has not seen a recent DDL yet.
const CACHE_MISS_CODES = new Set(["PGRST200", "PGRST202", "PGRST204", "PGRST205", "42703", "42704"]);

/** Plans against the cache; on a miss, makes sure the cache is newer than the request and plans again. */
export async function withSchemaCache<T>(services: RestServices, ctx: RequestContext, plan: (cache: SchemaCache) => T): Promise<T> {
  const cache = await services.cache.get();
  try {
    return plan(cache);
  } catch (error) {
    if (!(error instanceof RestError) || !CACHE_MISS_CODES.has(error.code)) throw error;
    const fresh = await services.cache.reloadAfterMiss(ctx.receivedAt);
    if (!fresh || fresh === cache) throw error;
    return plan(fresh);
  }
}
