// SQL for column references, filters, logic trees and order terms, following
// pgFmtField / pgFmtFilter / pgFmtOrderTerm in PostgREST's SqlFragment.hs.
// Operators and keywords come from fixed tables; every value is a parameter.
import type { PlanLogic, PlanOrder } from "../plan/types.ts";
import type { Field, Operation } from "../request/types.ts";
import type { Column } from "../schema/types.ts";
import { arrayLiteral, ident, type Params } from "./params.ts";

const QUANT_SQL = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=", like: "like", ilike: "ilike", match: "~", imatch: "~*" } as const;
const SIMPLE_SQL = { neq: "<>", cs: "@>", cd: "<@", ov: "&&", sl: "<<", sr: ">>", nxr: "&<", nxl: "&>", adj: "-|-" } as const;
const FTS_SQL = { fts: "to_tsquery", plfts: "plainto_tsquery", phfts: "phraseto_tsquery", wfts: "websearch_to_tsquery" } as const;
const IS_SQL = { null: "NULL", not_null: "NOT NULL", true: "TRUE", false: "FALSE", unknown: "UNKNOWN" } as const;

function isJsonType(column: Column | null): boolean {
  return column?.baseType === "json" || column?.baseType === "jsonb";
}

/** `ref."col"`, with `->`/`->>` steps; non-JSON columns go through to_jsonb first. */
export function fieldSql(ref: string, field: Field, column: Column | null, params: Params): string {
  const base = field.name === "*" ? `${ref}.*` : `${ref}.${ident(field.name)}`;
  if (field.jsonPath.length === 0) return base;
  const steps = field.jsonPath
    .map((step) => `${step.arrow}${step.isIndex ? params.typed(step.key, "int") : params.typed(step.key, "text")}`)
    .join("");
  return isJsonType(column) ? `${base}${steps}` : `to_jsonb(${base})${steps}`;
}

function ftsLanguage(language: string | null, params: Params): string {
  return language === null ? "" : `${params.typed(language, "regconfig")}, `;
}

function operationSql(target: string, column: Column | null, operation: Operation, params: Params): string {
  switch (operation.op) {
    case "in":
      // `= ANY` rather than IN: one parameter, and `in.()` is valid (PostgREST does the same).
      if (operation.values.length === 1 && operation.values[0] === "") return `${target} = ANY('{}')`;
      return `${target} = ANY(${params.add(arrayLiteral(operation.values))})`;
    case "is":
      return `${target} IS ${IS_SQL[operation.value]}`;
    case "isdistinct":
      return `${target} IS DISTINCT FROM ${params.add(operation.value)}`;
    case "fts":
    case "plfts":
    case "phfts":
    case "wfts": {
      const lang = ftsLanguage(operation.language, params);
      const vector = column?.baseType === "tsvector" ? target : `to_tsvector(${ftsLanguage(operation.language, params)}${target})`;
      return `${vector} @@ ${FTS_SQL[operation.op]}(${lang}${params.add(operation.value)})`;
    }
    case "neq":
    case "cs":
    case "cd":
    case "ov":
    case "sl":
    case "sr":
    case "nxr":
    case "nxl":
    case "adj":
      return `${target} ${SIMPLE_SQL[operation.op]} ${params.add(operation.value)}`;
    default: {
      const isPattern = operation.op === "like" || operation.op === "ilike";
      // PostgREST lets `*` stand for `%` so patterns survive URLs.
      const value = isPattern ? operation.value.replace(/\*/g, "%") : operation.value;
      const operand = params.add(value);
      const quantified = operation.quantifier ? `${operation.quantifier.toUpperCase()}(${operand})` : operand;
      return `${target} ${QUANT_SQL[operation.op]} ${quantified}`;
    }
  }
}

export function logicSql(ref: string, logic: PlanLogic, params: Params): string {
  switch (logic.kind) {
    case "expr": {
      const joiner = logic.operator === "and" ? " AND " : " OR ";
      const body = `(${logic.children.map((c) => logicSql(ref, c, params)).join(joiner)})`;
      return logic.negated ? `NOT ${body}` : body;
    }
    case "embed-null":
      return `${ident(logic.aggAlias)} IS ${logic.negated ? "" : "NOT "}DISTINCT FROM NULL`;
    case "filter": {
      const { field, negated, operation } = logic.filter.filter;
      const target = fieldSql(ref, field, logic.column, params);
      const condition = operationSql(target, logic.column, operation, params);
      return negated ? `NOT ${condition}` : condition;
    }
  }
}

export function orderSql(ref: string, order: PlanOrder, params: Params): string {
  const { term } = order;
  const target = order.relationAlias ? fieldSql(ident(order.relationAlias), term.field, null, params) : fieldSql(ref, term.field, order.column, params);
  const direction = term.direction ? ` ${term.direction.toUpperCase()}` : "";
  const nulls = term.nulls ? ` NULLS ${term.nulls.toUpperCase()}` : "";
  return `${target}${direction}${nulls}`;
}
