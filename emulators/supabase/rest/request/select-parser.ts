// The `select` parameter: `id,name:full_name,data->a::text,owner:users!fk(*),...spread(x)`.
// Grammar of pFieldForest in PostgREST's QueryParams.hs.
import { castName, type Cursor, field, fieldName, runParser, tryFieldName } from "./cursor.ts";
import type { AggregateFunction, SelectEmbed, SelectField, SelectItem } from "./types.ts";

const AGGREGATES: AggregateFunction[] = ["sum", "avg", "count", "max", "min"];

function atItemEnd(cursor: Cursor): boolean {
  return cursor.done || cursor.peek() === ")" || cursor.peek() === ",";
}

function requireItemEnd(cursor: Cursor): void {
  if (!atItemEnd(cursor)) cursor.fail('"->", "::", ".", ",", ")" or end of input');
}

/** `alias:` before a name; `::` is a cast, not an alias. Consumes nothing when absent. */
function optionalAlias(cursor: Cursor): string | null {
  const start = cursor.pos;
  const alias = tryFieldName(cursor);
  if (alias !== null && cursor.peek() === ":" && cursor.peek(1) !== ":") {
    cursor.pos++;
    return alias;
  }
  cursor.pos = start;
  return null;
}

function embedParams(cursor: Cursor): Pick<SelectEmbed, "hint" | "joinType"> {
  let hint: string | null = null;
  let joinType: SelectEmbed["joinType"] = null;
  for (let i = 0; i < 2 && cursor.peek() === "!"; i++) {
    cursor.pos++;
    const word = fieldName(cursor);
    if (word === "inner" || word === "left") joinType ??= word;
    else hint ??= word;
  }
  return { hint, joinType };
}

/** An embed (`[alias:]rel[!hint][!inner](...)` or `...rel(...)`), or null with nothing consumed. */
function embed(cursor: Cursor): SelectEmbed | null {
  const start = cursor.pos;
  cursor.skipSpaces();
  const spread = cursor.eat("...");
  const alias = spread ? null : optionalAlias(cursor);
  const relation = tryFieldName(cursor);
  const isEmbed = relation !== null && (spread || relation !== "count") && (cursor.peek() === "(" || cursor.peek() === "!");
  if (!isEmbed) {
    cursor.pos = start;
    return null;
  }
  const params = cursor.attempt(() => embedParams(cursor));
  if (!params || cursor.peek() !== "(") {
    cursor.pos = start;
    return null;
  }
  cursor.pos++;
  const children = selectItems(cursor);
  cursor.expect(")", '")"');
  cursor.skipSpaces();
  return { kind: "embed", relation, alias, spread, children, ...params };
}

function aggregateCall(cursor: Cursor): AggregateFunction | null {
  if (cursor.peek() !== ".") return null;
  const name = AGGREGATES.find((agg) => cursor.startsWith(`.${agg}()`));
  if (!name) return null;
  cursor.pos += name.length + 3;
  return name;
}

function optionalCast(cursor: Cursor): string | null {
  return cursor.eat("::") ? castName(cursor) : null;
}

function plainField(cursor: Cursor): SelectField {
  cursor.skipSpaces();
  if (cursor.peek() === "*") {
    cursor.pos++;
    cursor.skipSpaces();
    requireItemEnd(cursor);
    return { kind: "field", field: { name: "*", jsonPath: [] }, alias: null, cast: null, aggregate: null, aggregateCast: null };
  }
  const alias = optionalAlias(cursor);
  if (cursor.eat("count()")) {
    const aggregateCast = optionalCast(cursor);
    cursor.skipSpaces();
    requireItemEnd(cursor);
    return { kind: "field", field: { name: "*", jsonPath: [] }, alias, cast: null, aggregate: "count", aggregateCast };
  }
  const target = field(cursor);
  const cast = optionalCast(cursor);
  const aggregate = aggregateCall(cursor);
  const aggregateCast = aggregate ? optionalCast(cursor) : null;
  cursor.skipSpaces();
  requireItemEnd(cursor);
  return { kind: "field", field: target, alias, cast, aggregate, aggregateCast };
}

function selectItems(cursor: Cursor): SelectItem[] {
  const items: SelectItem[] = [];
  cursor.skipSpaces();
  if (cursor.done || cursor.peek() === ")") return items;
  for (;;) {
    items.push(embed(cursor) ?? plainField(cursor));
    cursor.skipSpaces();
    if (!cursor.eat(",")) return items;
  }
}

export function parseSelect(select: string): SelectItem[] {
  return runParser("select parameter", select, (cursor) => {
    const items = selectItems(cursor);
    if (!cursor.done) cursor.fail('"," or end of input');
    return items;
  });
}
