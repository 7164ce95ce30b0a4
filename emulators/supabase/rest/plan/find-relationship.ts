// Which relationship `origin?select=target!hint(...)` means, by findRel's rules
// in PostgREST's Plan.hs: the target names a table, a foreign-key constraint or
// an FK column; the hint disambiguates by constraint, column or junction table.
import { RestError } from "../errors.ts";
import { closestMatch } from "../schema/fuzzy.ts";
import type { Relationship, SchemaCache } from "../schema/types.ts";
import { qualified } from "../schema/types.ts";

function singleColumn(rel: Relationship, side: 0 | 1): string | null {
  return rel.columns.length === 1 ? (rel.columns[0]?.[side] ?? null) : null;
}

function matches(rel: Relationship, target: string, hint: string | null): boolean {
  if (rel.isSelf && rel.cardinality !== "m2m") {
    if (hint === null) {
      // /family?select=children:family(*) is the one-to-many; /family?select=parent_id(*) the many-to-one.
      return (target === rel.foreignTable && rel.cardinality === "o2m") || (singleColumn(rel, 0) === target && rel.cardinality === "m2o");
    }
    return target === rel.foreignTable && rel.cardinality === "o2m" && singleColumn(rel, 1) === hint;
  }
  if (hint === null) {
    if (target === rel.foreignTable) return true;
    if (rel.foreignTableIsView || rel.cardinality === "m2m") return false;
    return rel.constraint === target || singleColumn(rel, 0) === target;
  }
  if (target !== rel.foreignTable) return false;
  if (rel.cardinality === "m2m") return rel.junction?.table === hint;
  return rel.constraint === hint || singleColumn(rel, 0) === hint || singleColumn(rel, 1) === hint;
}

const CARDINALITY_NAMES = { m2o: "many-to-one", o2m: "one-to-many", o2o: "one-to-one", m2m: "many-to-many" } as const;

function describe(rel: Relationship): Record<string, string> {
  const cols = (pairs: [string, string][], side: 0 | 1) => `(${pairs.map((p) => p[side]).join(", ")})`;
  const relationship = rel.junction
    ? `${rel.junction.table} using ${rel.junction.constraint1}${cols(rel.junction.sourceColumns, 0)} and ${rel.junction.constraint2}${cols(rel.junction.targetColumns, 0)}`
    : `${rel.constraint} using ${rel.table}${cols(rel.columns, 0)} and ${rel.foreignTable}${cols(rel.columns, 1)}`;
  return { cardinality: CARDINALITY_NAMES[rel.cardinality], embedding: `${rel.table} with ${rel.foreignTable}`, relationship };
}

function noRelationship(cache: SchemaCache, schema: string, origin: string, target: string, hint: string | null): RestError {
  const fromOrigin = cache.relationships.get(qualified(schema, origin));
  let suggestion: string | null;
  if (fromOrigin) {
    const child = closestMatch(target, new Set(fromOrigin.map((r) => r.foreignTable)), true);
    suggestion = child ? `Perhaps you meant '${child}' instead of '${target}'.` : null;
  } else {
    const origins = [...cache.relationships.keys()].filter((k) => k.startsWith(`${schema}.`)).map((k) => k.slice(schema.length + 1));
    const parent = closestMatch(origin, origins);
    suggestion = parent ? `Perhaps you meant '${parent}' instead of '${origin}'.` : null;
  }
  return new RestError(
    400,
    "PGRST200",
    `Could not find a relationship between '${origin}' and '${target}' in the schema cache`,
    `Searched for a foreign key relationship between '${origin}' and '${target}'${hint ? ` using the hint '${hint}'` : ""} in the schema '${schema}', but no matches were found.`,
    suggestion,
  );
}

export function findRelationship(cache: SchemaCache, schema: string, origin: string, target: string, hint: string | null): Relationship {
  const candidates = (cache.relationships.get(qualified(schema, origin)) ?? []).filter((rel) => matches(rel, target, hint));
  const [only] = candidates;
  if (candidates.length === 1 && only) return only;
  if (candidates.length === 0) throw noRelationship(cache, schema, origin, target, hint);
  const options = candidates.map((r) => `'${r.foreignTable}!${r.junction ? r.junction.table : r.constraint}'`).join(", ");
  throw new RestError(
    300,
    "PGRST201",
    `Could not embed because more than one relationship was found for '${origin}' and '${target}'`,
    candidates.map(describe),
    `Try changing '${target}' to one of the following: ${options}. Find the desired relationship in the 'details' key.`,
  );
}
