// One SELECT for a read plan tree (readPlanToQuery in PostgREST's
// QueryBuilder.hs): embeds are LATERAL subqueries, to-one ones output a JSON
// object per row, to-many ones a JSON array built with json_agg.
import { isToOne, type PlanSelect, type ReadNode } from "../plan/types.ts";
import { fieldSql, logicSql, orderSql } from "./expressions.ts";
import { ident, type Params } from "./params.ts";

function selectSql(node: ReadNode, item: PlanSelect, params: Params): string {
  let expr = item.isCountColumn ? "pg_catalog.count(*)" : fieldSql(node.ref, item.field, item.column, params);
  if (item.cast) expr = `CAST(${expr} AS ${item.cast})`;
  const alias = item.alias ?? (item.isCountColumn ? "count" : null);
  return alias ? `${expr} AS ${ident(alias)}` : expr;
}

/** Output names of a spread embed's columns, lifted into the parent. */
function spreadNames(child: ReadNode): string[] | "*" {
  if (child.select.some((s) => s.field.name === "*" && !s.alias)) return "*";
  const names = child.select.map((s) => s.alias ?? (s.isCountColumn ? "count" : s.field.name));
  for (const grandchild of child.children) {
    if (grandchild.emptyEmbed) continue;
    if (grandchild.spread) {
      const lifted = spreadNames(grandchild);
      if (lifted !== "*") names.push(...lifted);
    } else names.push(grandchild.embedName);
  }
  return names;
}

function embedSelectSql(child: ReadNode): string[] {
  if (child.emptyEmbed || !child.rel) return [];
  const agg = ident(child.aggAlias);
  if (child.spread) {
    const names = spreadNames(child);
    if (names === "*") return [`${agg}.*`];
    if (isToOne(child.rel)) return names.map((n) => `${agg}.${ident(n)}`);
    return names.map((n) => `COALESCE(${agg}.${ident(n)}, '[]') AS ${ident(n)}`);
  }
  if (isToOne(child.rel)) return [`row_to_json(${agg}.*)::jsonb AS ${ident(child.embedName)}`];
  return [`COALESCE(${agg}.${agg}, '[]') AS ${ident(child.embedName)}`];
}

function junctionAlias(node: ReadNode): string {
  return ident(`${node.rel?.junction?.table ?? ""}_${node.depth}_junction`);
}

function joinConditions(child: ReadNode, parentRef: string): string[] {
  const rel = child.rel;
  if (!rel) return [];
  if (rel.junction) {
    const junction = junctionAlias(child);
    return [
      ...rel.junction.targetColumns.map(([jcol, tcol]) => `${child.ref}.${ident(tcol)} = ${junction}.${ident(jcol)}`),
      ...rel.junction.sourceColumns.map(([jcol, ocol]) => `${junction}.${ident(jcol)} = ${parentRef}.${ident(ocol)}`),
    ];
  }
  return rel.columns.map(([col, fcol]) => `${child.ref}.${ident(fcol)} = ${parentRef}.${ident(col)}`);
}

function joinSql(child: ReadNode, parentRef: string, params: Params): string {
  const rel = child.rel;
  if (!rel) return "";
  const agg = ident(child.aggAlias);
  const subquery = nodeSql(child, params, parentRef);
  const kind = child.joinType === "inner" ? "INNER" : "LEFT";
  if (isToOne(rel)) return ` ${kind} JOIN LATERAL (${subquery}) AS ${agg} ON TRUE`;
  const names = child.spread ? spreadNames(child) : null;
  const aggregates = names && names !== "*"
    ? names.map((n) => `json_agg(${agg}.${ident(n)})::jsonb AS ${ident(n)}`).join(", ")
    : `json_agg(${agg})::jsonb AS ${agg}`;
  const condition = child.joinType === "inner" ? `${agg} IS NOT NULL` : "TRUE";
  return ` ${kind} JOIN LATERAL (SELECT ${aggregates} FROM (${subquery}) AS ${agg}) AS ${agg} ON ${condition}`;
}

export function limitSql(node: ReadNode, params: Params): string {
  const { offset, limit } = node.range;
  let sql = "";
  if (limit !== null) sql += ` LIMIT ${params.add(String(limit))}`;
  if (offset > 0) sql += ` OFFSET ${params.add(String(offset))}`;
  return sql;
}

export interface NodeSqlOptions {
  /** Count queries select 1 and leave out what cannot change the row count. */
  forCount?: boolean;
}

/** The SELECT for one node and its embeds; `parentRef` qualifies the join columns. */
export function nodeSql(node: ReadNode, params: Params, parentRef: string | null, options: NodeSqlOptions = {}): string {
  const forCount = options.forCount === true;
  const columns = forCount ? ["1"] : node.select.map((item) => selectSql(node, item, params));
  if (!forCount && node.select.length === 0 && node.children.length === 0) columns.push(`${node.ref}.*`);
  const joins: string[] = [];
  const referencedByFilter = new Set(collectEmbedNullAliases(node));
  for (const child of node.children) {
    // A count only needs the embeds that can drop rows.
    if (forCount && child.joinType !== "inner" && !referencedByFilter.has(child.aggAlias)) continue;
    if (!forCount) columns.push(...embedSelectSql(child));
    joins.push(joinSql(child, node.ref, params));
  }
  let from = node.fromSql;
  const junction = node.rel?.junction;
  if (node.rel && junction) from += `, ${ident(node.rel.schema)}.${ident(junction.table)} AS ${junctionAlias(node)}`;
  const conditions = [
    ...(parentRef ? joinConditions(node, parentRef) : []),
    ...node.where.map((logic) => logicSql(node.ref, logic, params)),
  ];
  let sql = `SELECT ${columns.join(", ") || "NULL"} FROM ${from}${joins.join("")}`;
  if (conditions.length) sql += ` WHERE ${conditions.join(" AND ")}`;
  if (!forCount && node.order.length) sql += ` ORDER BY ${node.order.map((o) => orderSql(node.ref, o, params)).join(", ")}`;
  if (!forCount || node.depth > 0) sql += limitSql(node, params);
  return sql;
}

function collectEmbedNullAliases(node: ReadNode): string[] {
  const aliases: string[] = [];
  const visit = (logic: ReadNode["where"][number]) => {
    if (logic.kind === "embed-null") aliases.push(logic.aggAlias);
    if (logic.kind === "expr") logic.children.forEach(visit);
  };
  node.where.forEach(visit);
  return aliases;
}
