// GET/HEAD/POST on /rpc/<function>.
import type { Context } from "hono";
import { RestError, singularityError } from "../errors.ts";
import { planCall } from "../plan/call-plan.ts";
import { appliedPreferences, contentTypeFor, negotiateMedia } from "../request/headers.ts";
import { parsePayload } from "../request/payload.ts";
import { applyGucOverrides, bodyResponse, outOfBounds, rangeStatus } from "../respond.ts";
import { plannedCountStatement } from "../sql/statement.ts";
import { readBody, requestContext, requireJsonBody, type RestServices, withSchemaCache } from "./context.ts";
import { runRequest } from "./run.ts";

export async function handleRpc(c: Context, services: RestServices, name: string): Promise<Response> {
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD" && method !== "POST") {
    throw new RestError(405, "PGRST101", `Cannot use the ${method} method on RPC`);
  }
  const isPost = method === "POST";
  const ctx = await requestContext(c, services, `/rpc/${name}`, !isPost);
  let payload = null;
  if (isPost) {
    requireJsonBody(ctx.header("content-type"));
    payload = parsePayload(await readBody(c), ctx.query.columns, true);
  }
  const isHead = method === "HEAD";
  const { cache, plan, media } = await withSchemaCache(services, ctx, (cache) => {
    const media = negotiateMedia(ctx.header("accept"));
    const plan = planCall({
      cache,
      schema: ctx.schema,
      name,
      isPost,
      query: ctx.query,
      prefs: ctx.prefs,
      payload,
      media: isHead ? "none" : media,
      topRange: ctx.topRange,
      maxRows: services.maxRows,
    });
    return { cache, plan, media };
  });
  const count = ctx.prefs.count;
  const { row, plannedTotal } = await runRequest(services, ctx, cache, {
    statement: plan.statement,
    explain: count === "planned" || count === "estimated" ? plannedCountStatement(plan.readPlanRoot, plan.sourceSql) : null,
    readOnly: plan.readOnly,
    media: isHead ? "none" : media,
    isWrite: !plan.readOnly,
    checksMaxAffected: true,
  });
  const pageTotal = Number(row.page_total);
  if (media.kind === "object" && pageTotal !== 1) throw singularityError(pageTotal);
  const exact = row.total === null ? null : Number(row.total);
  const total = count === "planned" ? plannedTotal : count === "estimated" && exact !== null && exact > services.maxRows ? (plannedTotal ?? exact) : exact;
  const range = rangeStatus(ctx.topRange.offset, pageTotal, total);
  const headers = new Headers({ "Content-Range": range.contentRange });
  const applied = appliedPreferences(ctx.prefs, ["count", "handling", "max-affected"]);
  if (applied) headers.set("Preference-Applied", applied);
  if (plan.routine.returnKind === "void") {
    return bodyResponse(applyGucOverrides(row, 204, headers), headers, null);
  }
  headers.set("Content-Type", contentTypeFor(media));
  if (ctx.negotiatedSchema) headers.set("Content-Profile", ctx.schema);
  if (range.status === 416) {
    headers.set("Content-Type", "application/json; charset=utf-8");
    return bodyResponse(416, headers, JSON.stringify(outOfBounds(ctx.topRange.offset, total).body()));
  }
  const status = applyGucOverrides(row, range.status, headers);
  return bodyResponse(status, headers, isHead ? null : row.body);
}
