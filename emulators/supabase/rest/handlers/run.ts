// Runs a planned request: the settings statement, the main statement and, for
// planned counts, an EXPLAIN, all in one transaction as the request's role.
import { singularityError, maxAffectedViolation } from "../errors.ts";
import { restErrorFromPg } from "../pg-errors.ts";
import { settingsStatement } from "../request-settings.ts";
import type { ResponseMedia } from "../request/headers.ts";
import type { SchemaCache } from "../schema/types.ts";
import type { ResultRow, Statement } from "../sql/statement.ts";
import type { RequestContext, RestServices } from "./context.ts";

export interface RunOptions {
  statement: Statement;
  /** EXPLAIN of the count query, for count=planned/estimated. */
  explain: Statement | null;
  readOnly: boolean;
  media: ResponseMedia | "none";
  /** Writes check singular responses and max-affected before committing. */
  isWrite: boolean;
  /** Whether `max-affected` applies: updates, deletes and calls (not reads, inserts or PUT). */
  checksMaxAffected: boolean;
}

export interface RunResult {
  row: ResultRow;
  plannedTotal: number | null;
}

function plannedRows(rows: Record<string, unknown>[] | undefined): number | null {
  const plan = rows?.[0]?.["QUERY PLAN"];
  const parsed: unknown = typeof plan === "string" ? JSON.parse(plan) : plan;
  const first = Array.isArray(parsed) ? (parsed[0] as { Plan?: { "Plan Rows"?: number } } | undefined) : undefined;
  return first?.Plan?.["Plan Rows"] ?? null;
}

function toResult(rows: Record<string, unknown>[][], hasExplain: boolean): RunResult {
  const main = rows[1]?.[0] as ResultRow | undefined;
  const row = main ?? { total: null, page_total: "0", body: "", response_headers: null, response_status: null };
  return { row, plannedTotal: hasExplain ? plannedRows(rows[2]) : null };
}

export async function runRequest(services: RestServices, ctx: RequestContext, cache: SchemaCache, options: RunOptions): Promise<RunResult> {
  const settings = settingsStatement({
    role: ctx.auth.role,
    claims: ctx.auth.claims,
    method: ctx.method,
    path: ctx.path,
    headers: ctx.headers,
    searchPath: [ctx.schema, ...services.extraSearchPath.filter((s) => s !== ctx.schema)],
    roleSettings: cache.roleSettings.get(ctx.auth.role) ?? [],
    readOnly: options.readOnly,
  });
  const statements = [settings, options.statement, ...(options.explain ? [options.explain] : [])];
  const singular = options.media !== "none" && options.media.kind === "object";
  const maxAffected = options.checksMaxAffected && ctx.prefs.handling === "strict" ? ctx.prefs.maxAffected : null;
  try {
    if (!options.isWrite || (!singular && maxAffected === null)) {
      const result = toResult(await services.executor.run(statements), options.explain !== null);
      // A read-only call has nothing to roll back, but max-affected still holds.
      const affected = Number(result.row.page_total);
      if (maxAffected !== null && affected > maxAffected) throw maxAffectedViolation(affected);
      return result;
    }
    // The write commits only if the response it produces is valid.
    return await services.executor.runDeciding(statements, (rows) => {
      const result = toResult(rows, options.explain !== null);
      const affected = Number(result.row.page_total);
      if (singular && affected !== 1) throw singularityError(affected);
      if (maxAffected !== null && affected > maxAffected) throw maxAffectedViolation(affected);
      return { value: result, commit: true };
    });
  } catch (error) {
    throw restErrorFromPg(error, ctx.auth.role !== "anon");
  }
}
