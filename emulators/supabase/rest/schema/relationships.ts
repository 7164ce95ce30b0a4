// Relationships as PostgREST derives them from foreign keys (SchemaCache.hs):
// each FK gives a many-to-one (or one-to-one when its columns are a key) and
// the inverse one-to-many; a table whose primary key covers two FKs is a
// junction that gives a many-to-many between the tables it references.
import type { Relationship, Table } from "./types.ts";
import { qualified } from "./types.ts";
import type { ViewColumns } from "./views.ts";

export interface ForeignKeyRow {
  schema: string;
  table: string;
  foreign_schema: string;
  foreign_table: string;
  constraint: string;
  columns: [string, string][];
  one_to_one: boolean;
}

function swap(pairs: [string, string][]): [string, string][] {
  return pairs.map(([a, b]) => [b, a]);
}

/** The table and every view showing all of `columns` of it, with the names those columns have there. */
function sidesOf(views: ViewColumns, schema: string, table: string, columns: string[]): { name: string; columns: string[] }[] {
  const sides = [{ name: table, columns }];
  for (const entry of views.get(qualified(schema, table))?.values() ?? []) {
    const mapped = columns.map((c) => entry.columns.get(c)?.[0]);
    if (entry.schema === schema && mapped.every((c): c is string => c !== undefined)) sides.push({ name: entry.view, columns: mapped });
  }
  return sides;
}

/** Each foreign key, plus the same key between views of its tables (views that show its columns). */
function withViews(rows: ForeignKeyRow[], views: ViewColumns): ForeignKeyRow[] {
  const all: ForeignKeyRow[] = [];
  for (const fk of rows) {
    const from = sidesOf(views, fk.schema, fk.table, fk.columns.map(([c]) => c));
    const to = sidesOf(views, fk.foreign_schema, fk.foreign_table, fk.columns.map(([, c]) => c));
    for (const source of from) {
      for (const target of to) {
        const columns = source.columns.map((c, k): [string, string] => [c, target.columns[k] ?? c]);
        all.push({ ...fk, table: source.name, foreign_table: target.name, columns });
      }
    }
  }
  return all;
}

export function buildRelationships(rows: ForeignKeyRow[], tables: Map<string, Table>, views: ViewColumns = new Map()): Map<string, Relationship[]> {
  const isView = (schema: string, name: string) => tables.get(qualified(schema, name))?.isView ?? false;
  const direct: Relationship[] = [];
  // The FK-holding direction of each key: junction candidates come from these.
  const outgoing: Relationship[] = [];
  for (const fk of withViews(rows, views)) {
    // Embeds only resolve within one schema, as findRel looks them up by (schema, origin).
    if (fk.schema !== fk.foreign_schema) continue;
    const base = {
      schema: fk.schema,
      isSelf: fk.table === fk.foreign_table,
      constraint: fk.constraint,
      junction: null,
    };
    const toReferenced: Relationship = {
      ...base,
      table: fk.table,
      foreignTable: fk.foreign_table,
      cardinality: fk.one_to_one ? "o2o" : "m2o",
      columns: fk.columns,
      foreignTableIsView: isView(fk.schema, fk.foreign_table),
    };
    direct.push(toReferenced);
    outgoing.push(toReferenced);
    direct.push({
      ...base,
      table: fk.foreign_table,
      foreignTable: fk.table,
      cardinality: fk.one_to_one ? "o2o" : "o2m",
      columns: swap(fk.columns),
      foreignTableIsView: isView(fk.schema, fk.table),
    });
  }

  const manyToMany: Relationship[] = [];
  for (const first of outgoing) {
    for (const second of outgoing) {
      if (first.table !== second.table || first.constraint === second.constraint || first.schema !== second.schema) continue;
      const junction = tables.get(qualified(first.schema, first.table));
      const pk = new Set(junction?.primaryKey ?? []);
      const used = [...first.columns, ...second.columns].map(([col]) => col);
      if (!used.every((col) => pk.has(col))) continue;
      manyToMany.push({
        schema: first.schema,
        table: first.foreignTable,
        foreignTable: second.foreignTable,
        isSelf: first.foreignTable === second.foreignTable,
        cardinality: "m2m",
        constraint: "",
        columns: [],
        junction: {
          table: first.table,
          constraint1: first.constraint,
          constraint2: second.constraint,
          sourceColumns: first.columns,
          targetColumns: second.columns,
        },
        foreignTableIsView: isView(first.schema, second.foreignTable),
      });
    }
  }

  const byOrigin = new Map<string, Relationship[]>();
  for (const rel of [...direct, ...manyToMany]) {
    const key = qualified(rel.schema, rel.table);
    byOrigin.set(key, [...(byOrigin.get(key) ?? []), rel]);
  }
  return byOrigin;
}
