// A read plan: the tree of relations a request reads, each node with the
// columns it outputs, its filters, order and range, and how it joins its
// parent. Built from the parsed request and checked against the schema cache;
// the SQL builders turn it into one statement.
import type { Field, LogicTree, OrderTerm, Range } from "../request/types.ts";
import type { Column, Relationship, Table } from "../schema/types.ts";

export interface PlanSelect {
  field: Field;
  /** The catalog column, or null for `*` and for the `count` pseudo-column. */
  column: Column | null;
  /** `count` with no such column: Postgres reads `t.count` as count(t), which PostgREST relies on. */
  isCountColumn: boolean;
  alias: string | null;
  /** SQL spelling of the `::cast` type, taken from the schema cache. */
  cast: string | null;
}

/** A filter on one node, or on whether an embed is null (`embed=not.is.null`). */
export type PlanLogic =
  | { kind: "expr"; negated: boolean; operator: "and" | "or"; children: PlanLogic[] }
  | { kind: "filter"; filter: LogicTree & { kind: "filter" }; column: Column | null }
  | { kind: "embed-null"; negated: boolean; aggAlias: string };

export interface PlanOrder {
  term: OrderTerm;
  column: Column | null;
  /** Set when ordering by a to-one embed's column: the embed's join alias. */
  relationAlias: string | null;
}

export interface ReadNode {
  /** The relation's name as requested (table, view, function result). */
  relation: string;
  table: Table | null;
  /** Column names this relation has; null when unknown (any name is passed on, quoted). */
  knownColumns: Set<string> | null;
  /** SQL after FROM, and the name columns are qualified with. */
  fromSql: string;
  ref: string;
  /** How Postgres would name the relation in an error (`clients`, `clients_1`). */
  errorName: string;
  select: PlanSelect[];
  children: ReadNode[];
  where: PlanLogic[];
  order: PlanOrder[];
  range: Range;
  // Embedding (null/empty at the root).
  rel: Relationship | null;
  embedName: string;
  alias: string | null;
  hint: string | null;
  joinType: "inner" | "left" | null;
  spread: boolean;
  /** Alias of the lateral subquery that embeds this node into its parent. */
  aggAlias: string;
  depth: number;
  /** `embed()` with nothing selected: joined (for filtering) but not output. */
  emptyEmbed: boolean;
}

export function isToOne(rel: Relationship): boolean {
  return rel.cardinality === "m2o" || rel.cardinality === "o2o";
}
