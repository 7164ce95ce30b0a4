// INSERT / UPDATE / DELETE for the `pgrst_source` CTE (mutatePlanToQuery in
// PostgREST's QueryBuilder.hs), including upserts and the counter that tells
// inserted rows from updated ones.
import type { PlanLogic } from "../plan/types.ts";
import type { Column, Table } from "../schema/types.ts";
import { payloadFromSql, type PayloadSource } from "./body.ts";
import { logicSql } from "./expressions.ts";
import { ident, type Params, qualifiedIdent } from "./params.ts";

/** Columns to return: all, some, or none (`RETURNING 1`, to count rows). */
export type Returning = "*" | string[] | null;

function returningSql(tableRef: string, returning: Returning): string {
  if (returning === null) return "RETURNING 1";
  if (returning === "*") return `RETURNING ${tableRef}.*`;
  return `RETURNING ${returning.map((c) => `${tableRef}.${ident(c)}`).join(", ")}`;
}

function whereSql(tableRef: string, where: PlanLogic[], params: Params): string {
  return where.length ? ` WHERE ${where.map((w) => logicSql(tableRef, w, params)).join(" AND ")}` : "";
}

// Adds one to pgrst.inserted for every row offered to the INSERT and takes one
// off for every row the ON CONFLICT clause updates: what is left was inserted.
const COUNT_OFFERED = "set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) + 1)::text, true) <> '0'";
const COUNT_UPDATED = "set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) - 1)::text, true) <> '-1'";

export interface InsertSpec {
  table: Table;
  payload: PayloadSource;
  onConflict: { resolution: "merge-duplicates" | "ignore-duplicates"; columns: string[] } | null;
  returning: Returning;
}

export function insertSql(spec: InsertSpec, params: Params): string {
  const tableRef = qualifiedIdent(spec.table.schema, spec.table.name);
  const columns = spec.payload.columns;
  const names = columns.map((c) => ident(c.name));
  const merge = spec.onConflict?.resolution === "merge-duplicates" && spec.onConflict.columns.length > 0;
  let sql = `INSERT INTO ${tableRef}${names.length ? `(${names.join(", ")})` : ""} `;
  sql += `SELECT ${columns.map((c) => `pgrst_body.${ident(c.name)}`).join(", ")} ${payloadFromSql(spec.payload, params)}`;
  if (merge) sql += ` WHERE ${COUNT_OFFERED}`;
  if (spec.onConflict && spec.onConflict.columns.length > 0) {
    sql += ` ON CONFLICT(${spec.onConflict.columns.map(ident).join(", ")}) `;
    if (!merge || columns.length === 0) sql += "DO NOTHING";
    else sql += `DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(", ")} WHERE ${COUNT_UPDATED}`;
  }
  return `${sql} ${returningSql(tableRef, spec.returning)}`;
}

export interface UpdateSpec {
  table: Table;
  payload: PayloadSource;
  where: PlanLogic[];
  returning: Returning;
}

export function updateSql(spec: UpdateSpec, params: Params): string {
  const tableRef = qualifiedIdent(spec.table.schema, spec.table.name);
  const columns: Column[] = spec.payload.columns;
  if (columns.length === 0) {
    // Nothing to set: an empty result with the right columns, as PostgREST does.
    const cols = spec.returning === null ? "NULL" : spec.returning === "*" ? `${tableRef}.*` : spec.returning.map((c) => `${tableRef}.${ident(c)}`).join(", ");
    return `SELECT ${cols} FROM ${tableRef} WHERE false`;
  }
  const sets = columns.map((c) => `${ident(c.name)} = pgrst_body.${ident(c.name)}`).join(", ");
  const from = payloadFromSql(spec.payload, params);
  return `UPDATE ${tableRef} SET ${sets} ${from}${whereSql(tableRef, spec.where, params)} ${returningSql(tableRef, spec.returning)}`;
}

export interface DeleteSpec {
  table: Table;
  where: PlanLogic[];
  returning: Returning;
}

export function deleteSql(spec: DeleteSpec, params: Params): string {
  const tableRef = qualifiedIdent(spec.table.schema, spec.table.name);
  return `DELETE FROM ${tableRef}${whereSql(tableRef, spec.where, params)} ${returningSql(tableRef, spec.returning)}`;
}
