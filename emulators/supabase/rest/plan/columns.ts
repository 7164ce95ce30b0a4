// Column and cast lookups against the schema cache. An unknown column is the
// error Postgres itself would raise (42703), as PostgREST passes that through;
// identifiers that reach SQL are therefore always ones the catalog has.
import { undefinedColumn, undefinedType } from "../errors.ts";
import type { Column, SchemaCache } from "../schema/types.ts";
import type { ReadNode } from "./types.ts";

type ColumnScope = Pick<ReadNode, "knownColumns" | "table" | "errorName">;

export function resolveColumn(scope: ColumnScope, name: string, inSelect: boolean): { column: Column | null; isCountColumn: boolean } {
  if (name === "*" || scope.knownColumns === null) return { column: null, isCountColumn: false };
  if (scope.knownColumns.has(name)) return { column: scope.table?.columns.get(name) ?? null, isCountColumn: false };
  // A computed field: Postgres reads `t.full_name` as full_name(t), as PostgREST relies on.
  if (scope.table?.computedFields.has(name)) return { column: null, isCountColumn: false };
  // `select=count` / `embed(count)`: Postgres reads `t.count` as count(t).
  if (inSelect && name === "count") return { column: null, isCountColumn: true };
  throw undefinedColumn(scope.errorName, name);
}

/** The SQL spelling of a `::type` cast, or 42704 when no such type exists. */
export function resolveCast(cache: SchemaCache, cast: string | null): string | null {
  if (cast === null) return null;
  const sql = cache.castTypes.get(cast.trim().toLowerCase().replace(/\s+/g, " "));
  if (!sql) throw undefinedType(cast.trim());
  return sql;
}
