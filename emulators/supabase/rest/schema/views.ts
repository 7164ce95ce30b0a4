// Views in relationships (PostgREST's addViewM2OAndO2ORels and view primary
// keys): a view column that shows a base table column stands in for it, so a
// foreign key of the base table also links the view, and a view that shows
// all of its base table's primary key gets that key.
import type { Table } from "./types.ts";
import { qualified } from "./types.ts";

export interface ViewColumnRow {
  view_schema: string;
  view_name: string;
  view_column: string;
  source_schema: string;
  source_name: string;
  source_column: string;
}

/** For each base table column (`schema.table` → column), the view columns that show it, per view. */
export type ViewColumns = Map<string, Map<string, { view: string; schema: string; columns: Map<string, string[]> }>>;

const MAX_VIEW_DEPTH = 8;

/** Follows views over views down to base tables: [base key, base column] for a view column. */
function baseOf(rows: Map<string, Map<string, [string, string]>>, key: string, column: string, depth = 0): [string, string] | null {
  const source = rows.get(key)?.get(column);
  if (!source || depth > MAX_VIEW_DEPTH) return null;
  return rows.has(source[0]) ? baseOf(rows, source[0], source[1], depth + 1) : source;
}

export function resolveViewColumns(rows: ViewColumnRow[], tables: Map<string, Table>): ViewColumns {
  const direct = new Map<string, Map<string, [string, string]>>();
  for (const row of rows) {
    const key = qualified(row.view_schema, row.view_name);
    const map = direct.get(key) ?? new Map<string, [string, string]>();
    map.set(row.view_column, [qualified(row.source_schema, row.source_name), row.source_column]);
    direct.set(key, map);
  }
  const byBase: ViewColumns = new Map();
  for (const [viewKey, columns] of direct) {
    const view = tables.get(viewKey);
    if (!view) continue;
    for (const viewColumn of columns.keys()) {
      const base = baseOf(direct, viewKey, viewColumn);
      if (!base || !tables.has(base[0]) || tables.get(base[0])?.isView) continue;
      const perView = byBase.get(base[0]) ?? new Map();
      const entry = perView.get(viewKey) ?? { view: view.name, schema: view.schema, columns: new Map<string, string[]>() };
      entry.columns.set(base[1], [...(entry.columns.get(base[1]) ?? []), viewColumn]);
      perView.set(viewKey, entry);
      byBase.set(base[0], perView);
    }
  }
  // A view that shows its base table's whole primary key is keyed by those columns.
  for (const [baseKey, perView] of byBase) {
    const pk = tables.get(baseKey)?.primaryKey ?? [];
    for (const [viewKey, entry] of perView) {
      const view = tables.get(viewKey);
      const mapped = pk.map((col) => entry.columns.get(col)?.[0]);
      if (view && pk.length > 0 && mapped.every((c): c is string => c !== undefined)) view.primaryKey = mapped;
    }
  }
  return byBase;
}
