// GET/HEAD (read), POST (insert/upsert), PATCH (update) and DELETE on /<table>.
import type { Context } from "hono";
import { RestError, singularityError, tableNotFound, unsupportedMethod } from "../errors.ts";
import { planMutation, type MutationKind } from "../plan/mutate-plan.ts";
import { buildReadPlan } from "../plan/read-plan.ts";
import { appliedPreferences, contentTypeFor, negotiateMedia, type ResponseMedia } from "../request/headers.ts";
import { parsePayload } from "../request/payload.ts";
import { applyGucOverrides, bodyResponse, contentRange, outOfBounds, rangeStatus } from "../respond.ts";
import { closestMatch } from "../schema/fuzzy.ts";
import type { SchemaCache, Table } from "../schema/types.ts";
import { qualified } from "../schema/types.ts";
import { qualifiedIdent } from "../sql/params.ts";
import { plannedCountStatement, readStatement } from "../sql/statement.ts";
import { readBody, requestContext, requireJsonBody, type RequestContext, type RestServices, withSchemaCache } from "./context.ts";
import { runRequest } from "./run.ts";

export function lookupTable(cache: SchemaCache, schema: string, name: string): Table {
  const table = cache.tables.get(qualified(schema, name));
  if (table) return table;
  const names = [...cache.tables.values()].filter((t) => t.schema === schema).map((t) => t.name);
  throw tableNotFound(schema, name, closestMatch(name, names));
}

function baseHeaders(ctx: RequestContext, media: ResponseMedia | null): Headers {
  const headers = new Headers();
  // PostgREST sends Content-Profile along with Content-Type, so never on a body-less write.
  if (media) headers.set("Content-Type", contentTypeFor(media));
  if (media && ctx.negotiatedSchema) headers.set("Content-Profile", ctx.schema);
  return headers;
}

/** The count to report: exact, the planner's estimate, or exact unless it exceeds max_rows. */
function reportedTotal(ctx: RequestContext, exact: string | null, planned: number | null, maxRows: number): number | null {
  const count = ctx.prefs.count;
  if (count === "exact") return exact === null ? null : Number(exact);
  if (count === "planned") return planned;
  if (count === "estimated") {
    const value = exact === null ? null : Number(exact);
    return value !== null && value > maxRows ? Math.max(planned ?? value, maxRows) : value;
  }
  return null;
}

async function read(c: Context, services: RestServices, name: string): Promise<Response> {
  const ctx = await requestContext(c, services, `/${name}`, false);
  const isHead = ctx.method === "HEAD";
  const { cache, plan, media } = await withSchemaCache(services, ctx, (cache) => {
    const table = lookupTable(cache, ctx.schema, name);
    const ref = qualifiedIdent(ctx.schema, name);
    const plan = buildReadPlan({
      cache,
      schema: ctx.schema,
      root: { relation: name, table, knownColumns: new Set(table.columns.keys()), fromSql: ref, ref, errorName: name },
      query: ctx.query,
      includeRootFilters: true,
      topRange: ctx.topRange,
      maxRows: services.maxRows,
    });
    return { cache, plan, media: negotiateMedia(ctx.header("accept")) };
  });
  const count = ctx.prefs.count;
  const { row, plannedTotal } = await runRequest(services, ctx, cache, {
    statement: readStatement(plan, isHead ? "none" : media, count === "exact" || count === "estimated"),
    explain: count === "planned" || count === "estimated" ? plannedCountStatement(plan) : null,
    readOnly: true,
    media: isHead ? "none" : media,
    isWrite: false,
    checksMaxAffected: false,
  });
  const pageTotal = Number(row.page_total);
  if (media.kind === "object" && pageTotal !== 1) throw singularityError(pageTotal);
  const total = reportedTotal(ctx, row.total, plannedTotal, services.maxRows);
  const range = rangeStatus(ctx.topRange.offset, pageTotal, total);
  const headers = baseHeaders(ctx, media);
  headers.set("Content-Range", range.contentRange);
  headers.set("Content-Location", `/${name}${ctx.query.canonical ? `?${ctx.query.canonical}` : ""}`);
  const applied = appliedPreferences(ctx.prefs, ["count", "handling"]);
  if (applied) headers.set("Preference-Applied", applied);
  if (range.status === 416) {
    const error = outOfBounds(ctx.topRange.offset, total);
    headers.set("Content-Type", "application/json; charset=utf-8");
    return bodyResponse(416, headers, JSON.stringify(error.body()));
  }
  const status = applyGucOverrides(row, range.status, headers);
  return bodyResponse(status, headers, isHead ? null : row.body);
}

const MUTATIONS: Record<string, MutationKind> = { POST: "insert", PATCH: "update", DELETE: "delete", PUT: "put" };

async function mutate(c: Context, services: RestServices, name: string, kind: MutationKind): Promise<Response> {
  const ctx = await requestContext(c, services, `/${name}`, false);
  let raw: string | null = null;
  if (kind === "put" && (ctx.topRange.offset !== 0 || ctx.topRange.limit !== null)) {
    throw new RestError(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT");
  }
  if (kind !== "delete") {
    requireJsonBody(ctx.header("content-type"));
    raw = await readBody(c);
  }
  const payload = raw === null ? null : parsePayload(raw, ctx.query.columns, false);
  const { cache, plan, media, table } = await withSchemaCache(services, ctx, (cache) => {
    const table = lookupTable(cache, ctx.schema, name);
    const media = negotiateMedia(ctx.header("accept"));
    const plan = planMutation({ cache, schema: ctx.schema, table, kind, query: ctx.query, prefs: ctx.prefs, payload, media });
    return { cache, plan, media, table };
  });
  const { row } = await runRequest(services, ctx, cache, {
    statement: plan.statement,
    explain: null,
    readOnly: false,
    media,
    isWrite: true,
    checksMaxAffected: kind === "update" || kind === "delete",
  });
  const pageTotal = Number(row.page_total);
  const counted = ctx.prefs.count === "exact" || ctx.prefs.count === "planned" || ctx.prefs.count === "estimated" ? pageTotal : null;
  const headers = baseHeaders(ctx, plan.representation ? media : null);
  let status: number;
  if (kind === "put") {
    status = !plan.representation ? 204 : (row.inserted ?? 0) > 0 ? 201 : 200;
  } else if (kind === "insert") {
    status = ctx.prefs.resolution === "merge-duplicates" && (row.inserted ?? 0) <= 0 ? 200 : 201;
    if (row.location && row.location.length > 0) {
      const pairs = row.location.map((binding) => {
        const eq = binding.indexOf("=");
        return `${encodeURIComponent(binding.slice(0, eq))}=${encodeURIComponent(binding.slice(eq + 1))}`;
      });
      headers.set("Location", `/${name}?${pairs.join("&")}`);
    }
    headers.set("Content-Range", contentRange(1, 0, counted));
  } else {
    status = plan.representation ? 200 : 204;
    headers.set("Content-Range", kind === "update" ? contentRange(0, pageTotal - 1, counted) : contentRange(1, 0, counted));
  }
  const withResolution = kind === "insert" && (table.primaryKey.length > 0 || ctx.query.onConflict !== null);
  const applied = appliedPreferences(ctx.prefs, [
    ...(withResolution ? ["resolution" as const] : []),
    ...(kind === "put" || kind === "delete" ? [] : ["missing" as const]),
    "return",
    "count",
    "handling",
    ...(kind === "update" || kind === "delete" ? ["max-affected" as const] : []),
  ]);
  if (applied) headers.set("Preference-Applied", applied);
  status = applyGucOverrides(row, status, headers);
  return bodyResponse(status, headers, plan.representation ? row.body : null);
}

export async function handleTable(c: Context, services: RestServices, name: string): Promise<Response> {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD") return read(c, services, name);
  const kind = MUTATIONS[method];
  if (kind) return mutate(c, services, name, kind);
  throw unsupportedMethod(method);
}
