// The one statement each request runs (PostgREST's Statements.hs): the
// relation, mutation or call is the CTE `pgrst_source`; the outer SELECT
// returns the total count, the page size, the body as JSON text, and the
// response.headers / response.status GUCs a function may have set.
import type { ReadNode } from "../plan/types.ts";
import type { ResponseMedia } from "../request/headers.ts";
import { bodySql, type ResultShape } from "./body.ts";
import { arrayLiteral, Params } from "./params.ts";
import { nodeSql } from "./read.ts";

export interface Statement {
  text: string;
  values: (string | null)[];
}

/** The columns every main statement returns. */
export interface ResultRow {
  total: string | null;
  page_total: string;
  body: string;
  response_headers: string | null;
  response_status: string | null;
  inserted?: number | null;
  location?: string[] | null;
}

const RESPONSE_GUCS =
  "nullif(current_setting('response.headers', true), '') AS response_headers, " +
  "nullif(current_setting('response.status', true), '') AS response_status";

function countParts(countNode: ReadNode | null, params: Params): { cte: string; total: string } {
  if (!countNode) return { cte: "", total: "null::bigint" };
  return {
    cte: `, pgrst_source_count AS (${nodeSql(countNode, params, null, { forCount: true })})`,
    total: "(SELECT pg_catalog.count(*) FROM pgrst_source_count)",
  };
}

export function readStatement(plan: ReadNode, media: ResponseMedia | "none", exactCount: boolean): Statement {
  const params = new Params();
  const source = nodeSql(plan, params, null);
  const count = countParts(exactCount ? plan : null, params);
  const text =
    `WITH pgrst_source AS (${source})${count.cte} ` +
    `SELECT ${count.total} AS total, pg_catalog.count(_postgrest_t) AS page_total, ${bodySql(media)} AS body, ${RESPONSE_GUCS} ` +
    `FROM (SELECT * FROM pgrst_source) _postgrest_t`;
  return { text, values: params.values };
}

/** `EXPLAIN` of the count query, for `Prefer: count=planned|estimated`. */
export function plannedCountStatement(plan: ReadNode, sourceSql?: (params: Params) => string): Statement {
  const params = new Params();
  const prefix = sourceSql ? `WITH pgrst_source AS (${sourceSql(params)}) ` : "";
  return { text: `EXPLAIN (FORMAT JSON) ${prefix}${nodeSql(plan, params, null, { forCount: true })}`, values: params.values };
}

export interface MutationStatementInput {
  mutationSql: (params: Params) => string;
  /** The read over pgrst_source shaping the representation; null for return=minimal. */
  readPlan: ReadNode | null;
  media: ResponseMedia | "none";
  /** Upserts report whether any row was inserted (201) or all were updated (200). */
  countInserted: boolean;
  /** return=headers-only on insert: the primary key of the single inserted row. */
  locationKeys: string[] | null;
}

export function mutationStatement(input: MutationStatementInput): Statement {
  const params = new Params();
  const mutation = input.mutationSql(params);
  const select = input.readPlan ? nodeSql(input.readPlan, params, null) : "SELECT * FROM pgrst_source";
  const inserted = input.countInserted ? "nullif(current_setting('pgrst.inserted', true), '')::int" : "null::int";
  const location = input.locationKeys
    ? `CASE WHEN pg_catalog.count(_postgrest_t) = 1 THEN coalesce((WITH data AS (SELECT row_to_json(_) AS row FROM pgrst_source AS _ LIMIT 1) ` +
      `SELECT array_agg(json_data.key || '=' || coalesce('eq.' || json_data.value, 'is.null')) FROM data CROSS JOIN json_each_text(data.row) AS json_data ` +
      `WHERE json_data.key = ANY(${params.typed(arrayLiteral(input.locationKeys), "text[]")})), array[]::text[]) ELSE array[]::text[] END`
    : "null::text[]";
  const text =
    `WITH pgrst_source AS (${mutation}) ` +
    `SELECT null::bigint AS total, pg_catalog.count(_postgrest_t) AS page_total, ${bodySql(input.media)} AS body, ${RESPONSE_GUCS}, ` +
    `${inserted} AS inserted, ${location} AS location FROM (${select}) _postgrest_t`;
  return { text, values: params.values };
}

export interface CallStatementInput {
  callSql: (params: Params) => string;
  readPlan: ReadNode;
  media: ResponseMedia | "none";
  shape: ResultShape;
  exactCount: boolean;
}

export function callStatement(input: CallStatementInput): Statement {
  const params = new Params();
  const call = input.callSql(params);
  const select = nodeSql(input.readPlan, params, null);
  const count = countParts(input.exactCount ? input.readPlan : null, params);
  const pageTotal = input.shape === "row" || input.shape === "scalar" ? "1" : "pg_catalog.count(_postgrest_t)";
  const text =
    `WITH pgrst_source AS (${call})${count.cte} ` +
    `SELECT ${count.total} AS total, ${pageTotal} AS page_total, ${bodySql(input.media, input.shape)} AS body, ${RESPONSE_GUCS} ` +
    `FROM (${select}) _postgrest_t`;
  return { text, values: params.values };
}
