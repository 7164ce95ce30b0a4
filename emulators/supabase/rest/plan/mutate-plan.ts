// POST (insert / upsert), PATCH and DELETE on a table: the mutation, the read
// that shapes `return=representation`, and the columns RETURNING must carry
// for that read's embeds (mutatePlan and inferColsEmbedNeeds in Plan.hs).
import { columnNotFound, RestError } from "../errors.ts";
import type { Preferences, ResponseMedia } from "../request/headers.ts";
import type { Payload } from "../request/payload.ts";
import type { QueryParams } from "../request/query-params.ts";
import type { Column, SchemaCache, Table } from "../schema/types.ts";
import { deleteSql, insertSql, type Returning, updateSql } from "../sql/mutate.ts";
import { ident } from "../sql/params.ts";
import { mutationStatement, type Statement } from "../sql/statement.ts";
import { buildReadPlan } from "./read-plan.ts";
import type { PlanLogic, ReadNode } from "./types.ts";

/** `put` is PostgREST's single-row upsert: PUT /table?pk=eq.value with the full row. */
export type MutationKind = "insert" | "update" | "delete" | "put";

export interface MutationRequest {
  cache: SchemaCache;
  schema: string;
  table: Table;
  kind: MutationKind;
  query: QueryParams;
  prefs: Preferences;
  payload: Payload | null;
  media: ResponseMedia;
}

export interface MutationPlan {
  statement: Statement;
  /** Whether the body is returned (return=representation). */
  representation: boolean;
}

function payloadColumns(table: Table, keys: string[]): Column[] {
  return keys.map((key) => {
    const column = table.columns.get(key);
    if (!column) throw columnNotFound(table.name, key);
    return column;
  });
}

/** Root filters and logic trees, checked against the table: the mutation's WHERE. */
function rootConditions(request: MutationRequest): PlanLogic[] {
  const { table, query } = request;
  const root = buildReadPlan({
    cache: request.cache,
    schema: request.schema,
    root: { relation: table.name, table, knownColumns: new Set(table.columns.keys()), fromSql: "", ref: "", errorName: table.name },
    query: { ...query, select: [], filters: query.filters.filter((f) => f.path.length === 0), logic: query.logic.filter((l) => l.path.length === 0), order: [], limits: new Map() },
    includeRootFilters: true,
    topRange: { offset: 0, limit: null },
    maxRows: null,
  });
  return root.where;
}

/** The columns the representation's select and embeds need from RETURNING. */
function neededColumns(plan: ReadNode, table: Table): Returning {
  if (plan.select.length === 0 && plan.children.length === 0) return "*";
  if (plan.select.some((s) => s.field.name === "*")) return "*";
  const names = new Set<string>();
  for (const item of plan.select) if (!item.isCountColumn) names.add(item.field.name);
  for (const child of plan.children) {
    const rel = child.rel;
    if (!rel) continue;
    const pairs = rel.junction ? rel.junction.sourceColumns.map(([, origin]) => origin) : rel.columns.map(([col]) => col);
    pairs.forEach((c) => names.add(c));
  }
  table.primaryKey.forEach((c) => names.add(c));
  return [...names].filter((n) => table.columns.has(n));
}

/**
 * PUT's rules (MutationSingleUpsert in Plan.hs): no limit/offset, filters that
 * are exactly `pk=eq.value` for every primary-key column, and a body whose
 * primary key agrees with them.
 */
function checkPut(request: MutationRequest, payload: Payload): void {
  const { table, query } = request;
  const filters = query.filters.filter((f) => f.path.length === 0);
  const pk = new Set(table.primaryKey);
  const onlyPkEquality =
    query.logic.length === 0 &&
    pk.size > 0 &&
    filters.length === pk.size &&
    filters.every(({ filter }) => !filter.negated && filter.operation.op === "eq" && "quantifier" in filter.operation &&
      filter.operation.quantifier === null && filter.field.jsonPath.length === 0 && pk.has(filter.field.name));
  if (!onlyPkEquality) throw new RestError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators");
  let row: unknown;
  try {
    row = JSON.parse(payload.raw);
  } catch {
    row = null;
  }
  const values = row && typeof row === "object" && !Array.isArray(row) ? (row as Record<string, unknown>) : null;
  const matches = filters.every(({ filter }) => {
    const given = values?.[filter.field.name];
    return filter.operation.op === "eq" && given !== undefined && given !== null && String(given) === filter.operation.value;
  });
  if (!matches) throw new RestError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");
}

function safeUpdateError(kind: "UPDATE" | "DELETE"): RestError {
  // Hosted Supabase loads pg-safeupdate for the API's login role.
  return new RestError(400, "21000", `${kind} requires a WHERE clause`);
}

export function planMutation(request: MutationRequest): MutationPlan {
  const { table, prefs, query, kind } = request;
  const representation = prefs.return === "representation";
  const readPlan = representation
    ? buildReadPlan({
        cache: request.cache,
        schema: request.schema,
        root: {
          relation: table.name,
          table,
          knownColumns: new Set(table.columns.keys()),
          fromSql: `pgrst_source AS ${ident(table.name)}`,
          ref: ident(table.name),
          errorName: table.name,
        },
        query,
        includeRootFilters: false,
        topRange: { offset: 0, limit: null },
        maxRows: null,
      })
    : null;
  const returning: Returning = readPlan ? neededColumns(readPlan, table) : prefs.return === "headers-only" ? "*" : null;
  const payload = request.payload ?? { raw: "{}", isArray: false, keys: [] };
  const applyDefaults = prefs.missing === "default";

  let mutationSql: (params: Parameters<typeof insertSql>[1]) => string;
  if (kind === "put") {
    checkPut(request, payload);
    const columns = payloadColumns(table, payload.keys);
    const source = { json: payload.raw, isArray: false, columns, applyDefaults: false, limitOne: false };
    const onConflict = { resolution: "merge-duplicates" as const, columns: table.primaryKey };
    mutationSql = (params) => insertSql({ table, payload: source, onConflict, returning }, params);
  } else if (kind === "insert") {
    const columns = payloadColumns(table, payload.keys);
    const conflictColumns = query.onConflict ?? table.primaryKey;
    for (const name of conflictColumns) {
      if (!table.columns.has(name)) throw new RestError(400, "42703", `column ${ident(name)} does not exist`);
    }
    const onConflict = prefs.resolution ? { resolution: prefs.resolution, columns: conflictColumns } : null;
    const source = { json: payload.raw, isArray: payload.isArray, columns, applyDefaults, limitOne: false };
    mutationSql = (params) => insertSql({ table, payload: source, onConflict, returning }, params);
  } else if (kind === "update") {
    const columns = payloadColumns(table, payload.keys);
    const where = rootConditions(request);
    if (where.length === 0 && columns.length > 0) throw safeUpdateError("UPDATE");
    const source = { json: payload.raw, isArray: payload.isArray, columns, applyDefaults, limitOne: true };
    mutationSql = (params) => updateSql({ table, payload: source, where, returning }, params);
  } else {
    const where = rootConditions(request);
    if (where.length === 0) throw safeUpdateError("DELETE");
    mutationSql = (params) => deleteSql({ table, where, returning }, params);
  }

  const statement = mutationStatement({
    mutationSql,
    readPlan,
    media: representation ? request.media : "none",
    countInserted: kind === "put" || (kind === "insert" && prefs.resolution === "merge-duplicates"),
    locationKeys: kind === "insert" && prefs.return === "headers-only" && table.primaryKey.length > 0 ? table.primaryKey : null,
  });
  return { statement, representation };
}
