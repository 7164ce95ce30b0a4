// How a payload becomes rows, and how result rows become the response body
// (fromJsonBodyF and the media handlers in PostgREST's SqlFragment.hs).
import type { ResponseMedia } from "../request/headers.ts";
import type { Column } from "../schema/types.ts";
import { ident, type Params } from "./params.ts";

export interface PayloadSource {
  /** The request body as received; Postgres parses it. */
  json: string;
  isArray: boolean;
  columns: Column[];
  /** `Prefer: missing=default`: absent keys take the column default instead of NULL. */
  applyDefaults: boolean;
  /** Calls and updates read one record. */
  limitOne: boolean;
}

/** `FROM ... pgrst_body`: the payload as a relation with one typed column per key. */
export function payloadFromSql(source: PayloadSource, params: Params): string {
  const { columns } = source;
  const withDefaults = source.applyDefaults && columns.some((c) => c.default !== null);
  const jsonType = withDefaults ? "jsonb" : "json";
  let sql = `FROM (SELECT ${params.typed(source.json, jsonType)} AS json_data) pgrst_payload, `;
  let data = "pgrst_payload.json_data";
  if (withDefaults) {
    // Default expressions come from the catalog; the keys are parameters.
    const defaults = columns
      .filter((c) => c.default !== null)
      .map((c) => `${params.typed(c.name, "text")}, ${c.default}`)
      .join(", ");
    const withDefaultsFor = (row: string) => `jsonb_build_object(${defaults}) || ${row}`;
    sql += source.isArray
      ? `LATERAL (SELECT jsonb_agg(${withDefaultsFor("elem")}) AS val FROM jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `
      : `LATERAL (SELECT ${withDefaultsFor("pgrst_payload.json_data")} AS val) pgrst_json_defs, `;
    data = "pgrst_json_defs.val";
  }
  if (columns.length === 0) {
    const rows = source.isArray ? `${jsonType}_array_elements(${data}) _` : "(VALUES (1)) _";
    return `${sql}LATERAL (SELECT FROM ${rows}) pgrst_body`;
  }
  const fn = `${jsonType}_to_record${source.isArray ? "set" : ""}`;
  const names = columns.map((c) => ident(c.name)).join(", ");
  const typed = columns.map((c) => `${ident(c.name)} ${c.type}`).join(", ");
  return `${sql}LATERAL (SELECT ${names} FROM ${fn}(${data}) AS _(${typed})${source.limitOne ? " LIMIT 1" : ""}) pgrst_body`;
}

/** rows: an array of objects; row: one object (a function returning one composite); scalar(-set): function values. */
export type ResultShape = "rows" | "row" | "scalar" | "scalar-set";

/** The `body` column of the final SELECT, rendered as text so it goes out unparsed. */
export function bodySql(media: ResponseMedia | "none", result: ResultShape = "rows"): string {
  if (media === "none") return "''";
  if (media.kind === "csv") {
    const header = "(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM (SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a)";
    const rows = "coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), E'\\n'), '')";
    return `${header} || E'\\n' || ${rows}`;
  }
  const value = result === "rows" || result === "row" ? "_postgrest_t" : "_postgrest_t.pgrst_scalar";
  const strip = (sql: string) => (media.stripNulls ? `json_strip_nulls(${sql})` : sql);
  if (media.kind === "object" || result === "scalar" || result === "row") return `coalesce(${strip(`json_agg(${value})->0`)}, 'null')::text`;
  return `coalesce(${strip(`json_agg(${value})`)}, '[]')::text`;
}
