// Builds the read plan tree (PostgREST's readPlan): one node per relation in
// `select`, with filters, orders, ranges and logic trees attached by embed
// path, relationships resolved, and every column and cast checked against the
// schema cache.
import { aggregatesNotAllowed, notEmbedded, relatedOrderNotToOne } from "../errors.ts";
import type { QueryParams } from "../request/query-params.ts";
import type { EmbedPath, Field, Filter, LogicTree, Range, SelectItem } from "../request/types.ts";
import type { SchemaCache, Table } from "../schema/types.ts";
import { qualified } from "../schema/types.ts";
import { qualifiedIdent, ident } from "../sql/params.ts";
import { resolveColumn, resolveCast } from "./columns.ts";
import { findRelationship } from "./find-relationship.ts";
import { isToOne, type PlanLogic, type PlanOrder, type ReadNode } from "./types.ts";

export interface RootSource {
  relation: string;
  table: Table | null;
  knownColumns: Set<string> | null;
  fromSql: string;
  ref: string;
  errorName: string;
}

export interface ReadPlanInput {
  cache: SchemaCache;
  schema: string;
  root: RootSource;
  query: QueryParams;
  /** Mutations filter the root in their own WHERE, not in the read plan. */
  includeRootFilters: boolean;
  topRange: Range;
  /** config.api.max_rows for reads; null for mutations. */
  maxRows: number | null;
}

/** Raw parse data kept on each node until it is resolved. */
interface Pending {
  items: SelectItem[];
  filters: Filter[];
  logic: LogicTree[];
  order: PlanOrder["term"][];
  requested: string;
}

const pending = new WeakMap<ReadNode, Pending>();

function newNode(root: RootSource | null, item: SelectItem & { kind: "embed" }, depth: number): ReadNode {
  return {
    relation: root?.relation ?? item.relation,
    table: root?.table ?? null,
    knownColumns: root?.knownColumns ?? null,
    fromSql: root?.fromSql ?? "",
    ref: root?.ref ?? "",
    errorName: root?.errorName ?? "",
    select: [],
    children: [],
    where: [],
    order: [],
    range: { offset: 0, limit: null },
    rel: null,
    embedName: item.alias ?? item.relation,
    alias: item.alias,
    hint: item.hint,
    joinType: item.joinType,
    spread: item.spread,
    aggAlias: "",
    depth,
    emptyEmbed: false,
  };
}

function buildTree(node: ReadNode, items: SelectItem[], requested: string): void {
  pending.set(node, { items, filters: [], logic: [], order: [], requested });
  for (const item of items) {
    if (item.kind !== "embed") continue;
    const child = newNode(null, item, node.depth + 1);
    node.children.push(child);
    buildTree(child, item.children, item.relation);
  }
}

function findNode(root: ReadNode, path: EmbedPath): ReadNode {
  let node = root;
  for (const segment of path) {
    const next = node.children.find((c) => pending.get(c)?.requested === segment || c.alias === segment);
    if (!next) throw notEmbedded(segment);
    node = next;
  }
  return node;
}

function resolveRelationships(cache: SchemaCache, schema: string, parent: ReadNode): void {
  for (const child of parent.children) {
    const requested = pending.get(child)?.requested ?? child.relation;
    const rel = findRelationship(cache, schema, parent.relation, requested, child.hint);
    const table = cache.tables.get(qualified(schema, rel.foreignTable)) ?? null;
    const alias = `${rel.foreignTable}_${child.depth}`;
    Object.assign(child, {
      rel,
      relation: rel.foreignTable,
      table,
      knownColumns: table ? new Set(table.columns.keys()) : null,
      fromSql: `${qualifiedIdent(schema, rel.foreignTable)} AS ${ident(alias)}`,
      ref: ident(alias),
      errorName: alias,
      aggAlias: `${parent.relation}_${child.embedName}_${child.depth}`,
    });
    resolveRelationships(cache, schema, child);
  }
}

function resolveLogic(cache: SchemaCache, node: ReadNode, tree: LogicTree): PlanLogic {
  if (tree.kind === "expr") {
    return { ...tree, children: tree.children.map((c) => resolveLogic(cache, node, c)) };
  }
  const { field, operation, negated } = tree.filter;
  // `embed=is.null` / `embed=not.is.null` filters on whether the embed matched.
  const embed = field.jsonPath.length === 0 ? node.children.find((c) => c.embedName === field.name) : undefined;
  if (embed && operation.op === "is" && operation.value === "null") {
    return { kind: "embed-null", negated, aggAlias: embed.aggAlias };
  }
  return { kind: "filter", filter: tree, column: resolveColumn(node, field.name, false).column };
}

/** Names a node outputs, for ordering by a to-one embed's column. */
function outputNames(node: ReadNode): Set<string> | null {
  if (node.select.some((s) => s.field.name === "*")) return node.knownColumns;
  return new Set(node.select.map((s) => s.alias ?? s.field.jsonPath.at(-1)?.key ?? s.field.name));
}

function resolveNode(cache: SchemaCache, node: ReadNode): void {
  const raw = pending.get(node);
  if (!raw) return;
  for (const item of raw.items) {
    if (item.kind !== "field") continue;
    if (item.aggregate) throw aggregatesNotAllowed();
    const { column, isCountColumn } = resolveColumn(node, item.field.name, true);
    node.select.push({ field: item.field, column, isCountColumn, alias: item.alias ?? jsonPathAlias(item.field), cast: resolveCast(cache, item.cast) });
  }
  for (const child of node.children) resolveNode(cache, child);
  node.where = [
    ...raw.filters.map((filter) => resolveLogic(cache, node, { kind: "filter", filter })),
    ...raw.logic.map((tree) => resolveLogic(cache, node, tree)),
  ];
  node.order = raw.order.map((term) => {
    if (term.relation === null) return { term, column: resolveColumn(node, term.field.name, false).column, relationAlias: null };
    const embed = node.children.find((c) => c.embedName === term.relation);
    if (!embed || !embed.rel) throw notEmbedded(term.relation);
    if (!isToOne(embed.rel)) throw relatedOrderNotToOne(node.relation, embed.embedName);
    const names = outputNames(embed);
    if (names && !names.has(term.field.name)) resolveColumn({ ...embed, knownColumns: names, errorName: embed.aggAlias }, term.field.name, false);
    return { term, column: null, relationAlias: embed.aggAlias };
  });
  node.emptyEmbed = node.depth > 0 && isEmpty(node);
}

function isEmpty(node: ReadNode): boolean {
  return node.select.length === 0 && node.children.every(isEmpty);
}

/** `data->a->>b` is output as `b`; `data->0` keeps the column name (PostgREST's addAliases). */
function jsonPathAlias(field: Field): string | null {
  const last = field.jsonPath.at(-1);
  if (!last) return null;
  if (!last.isIndex) return last.key;
  return [...field.jsonPath].reverse().find((step) => !step.isIndex)?.key ?? field.name;
}

function restrict(range: Range, maxRows: number | null): Range {
  if (maxRows === null) return range;
  return { offset: range.offset, limit: range.limit === null ? maxRows : Math.min(range.limit, maxRows) };
}

/**
 * max_rows caps the root and every to-many embed. A to-one embed matches at
 * most one row, so it gets no LIMIT: a LIMIT would keep Postgres from turning
 * the LATERAL subquery into a plain join, which costs time and changes nothing.
 */
function setDefaultRanges(node: ReadNode, maxRows: number | null): void {
  node.range = node.rel && isToOne(node.rel) ? { offset: 0, limit: null } : restrict({ offset: 0, limit: null }, maxRows);
  for (const child of node.children) setDefaultRanges(child, maxRows);
}

export function buildReadPlan(input: ReadPlanInput): ReadNode {
  const { cache, schema, query } = input;
  const root = newNode(input.root, { kind: "embed", relation: input.root.relation, alias: null, hint: null, joinType: null, spread: false, children: [] }, 0);
  buildTree(root, query.select, input.root.relation);
  for (const { path, filter } of query.filters) {
    if (path.length === 0 && !input.includeRootFilters) continue;
    pending.get(findNode(root, path))?.filters.push(filter);
  }
  for (const { path, terms } of query.order) pending.get(findNode(root, path))?.order.push(...terms);
  for (const { path, tree } of query.logic) {
    if (path.length === 0 && !input.includeRootFilters) continue;
    pending.get(findNode(root, path))?.logic.push(tree);
  }
  resolveRelationships(cache, schema, root);
  resolveNode(cache, root);
  setDefaultRanges(root, input.maxRows);
  root.range = restrict(input.topRange, input.maxRows);
  for (const [key, entry] of query.limits) {
    if (key === "") continue;
    const range = { offset: Math.max(entry.offset ?? 0, 0), limit: entry.limit === null ? null : Math.max(entry.limit, 0) };
    findNode(root, key.split(".")).range = restrict(range, input.maxRows);
  }
  return root;
}
