// Filters (`age=gte.18`, `tags=cs.{a,b}`, `name=not.ilike.*x*`) and logic trees
// (`or=(a.eq.1,and(b.gt.2,c.is.null))`), as pOpExpr and pLogicTree in
// PostgREST's QueryParams.hs.
import { type Cursor, field, fieldName, jsonPath, quotedValue, runParser } from "./cursor.ts";
import type { EmbedPath, Field, Filter, FtsOperator, IsValue, LogicTree, Operation, QuantOperator, SimpleOperator } from "./types.ts";

// Order matters where one name prefixes another (gte before gt).
const QUANT_OPERATORS: QuantOperator[] = ["eq", "gte", "gt", "lte", "lt", "like", "ilike", "match", "imatch"];
const SIMPLE_OPERATORS: SimpleOperator[] = ["neq", "cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj"];
const FTS_OPERATORS: FtsOperator[] = ["fts", "plfts", "phfts", "wfts"];
const IS_VALUES: IsValue[] = ["null", "not_null", "true", "false", "unknown"];

type ValueParser = (cursor: Cursor) => string;

/** In a plain filter the value is the rest of the parameter. */
const restOfInput: ValueParser = (cursor) => cursor.rest();

/** Inside `or=(...)`: a quoted value, a `{...}` array literal, or text up to `,` or `)`. */
const logicValue: ValueParser = (cursor) => {
  const quoted = cursor.peek() !== '"' ? null : cursor.attempt(() => {
    const value = quotedValue(cursor);
    if (!cursor.done && !",)".includes(cursor.peek())) cursor.fail('"," or ")"');
    return value;
  });
  if (quoted !== null) return quoted;
  if (cursor.peek() === "{") {
    const close = cursor.input.indexOf("}", cursor.pos);
    const inner = close === -1 ? "" : cursor.input.slice(cursor.pos + 1, close);
    if (close !== -1 && !inner.includes("{")) {
      cursor.pos = close + 1;
      return `{${inner}}`;
    }
  }
  return textUntil(cursor, ",)");
};

function textUntil(cursor: Cursor, stops: string): string {
  const start = cursor.pos;
  while (!cursor.done && !stops.includes(cursor.peek())) cursor.pos++;
  return cursor.input.slice(start, cursor.pos);
}

function listValue(cursor: Cursor): string[] {
  cursor.skipSpaces();
  cursor.expect("(");
  cursor.skipSpaces();
  const values: string[] = [];
  do {
    const quoted = cursor.peek() !== '"' ? null : cursor.attempt(() => {
      const value = quotedValue(cursor);
      if (!",)".includes(cursor.peek()) || cursor.done) cursor.fail('"," or ")"');
      return value;
    });
    values.push(quoted ?? textUntil(cursor, ",)"));
  } while (cursor.eat(","));
  cursor.skipSpaces();
  cursor.expect(")", '")"');
  cursor.skipSpaces();
  return values;
}

const OPERATOR_TOKEN = /^([a-z]+)(?:\(([^)]*)\))?\./;

function operation(cursor: Cursor, value: ValueParser): Operation {
  const match = OPERATOR_TOKEN.exec(cursor.input.slice(cursor.pos));
  if (!match) return cursor.fail("operator (eq, gt, ...)");
  const [token, name = "", modifier] = match;
  if (modifier === undefined && name === "in") {
    cursor.pos += token.length;
    return { op: "in", values: listValue(cursor) };
  }
  if (modifier === undefined && name === "is") {
    cursor.pos += token.length;
    const rest = cursor.input.slice(cursor.pos).toLowerCase();
    const isValue = IS_VALUES.find((v) => rest.startsWith(v));
    if (!isValue) cursor.fail("isVal: (null, not_null, true, false, unknown)");
    cursor.pos += isValue.length;
    return { op: "is", value: isValue };
  }
  if (modifier === undefined && name === "isdistinct") {
    cursor.pos += token.length;
    return { op: "isdistinct", value: value(cursor) };
  }
  const fts = FTS_OPERATORS.find((op) => op === name);
  if (fts) {
    cursor.pos += token.length;
    return { op: fts, language: modifier ?? null, value: value(cursor) };
  }
  const simple = SIMPLE_OPERATORS.find((op) => op === name);
  if (simple && modifier === undefined) {
    cursor.pos += token.length;
    return { op: simple, value: value(cursor) };
  }
  const quant = QUANT_OPERATORS.find((op) => op === name);
  if (quant && (modifier === undefined || modifier === "any" || modifier === "all")) {
    cursor.pos += token.length;
    return { op: quant, quantifier: modifier ?? null, value: value(cursor) };
  }
  return cursor.fail("operator (eq, gt, ...)");
}

function opExpression(cursor: Cursor, value: ValueParser): { negated: boolean; operation: Operation } {
  const negated = cursor.eat("not.");
  return { negated, operation: operation(cursor, value) };
}

/** `embed.sub.col->x` → path [embed, sub] and field col->x. */
export function parseTreePath(key: string): { path: EmbedPath; field: Field } {
  return runParser("tree path", key, (cursor) => {
    const names = [fieldName(cursor)];
    while (cursor.eat(".")) names.push(fieldName(cursor));
    const path = jsonPath(cursor);
    if (!cursor.done) cursor.fail('"->", "." or end of input');
    const name = names.pop() ?? "";
    return { path: names, field: { name, jsonPath: path } };
  });
}

export function parseFilterValue(value: string): { negated: boolean; operation: Operation } {
  return runParser("filter", value, (cursor) => opExpression(cursor, restOfInput));
}

/** For GET /rpc: a value that is no operator expression is a function argument. */
export function tryParseFilterValue(value: string): { negated: boolean; operation: Operation } | null {
  try {
    return parseFilterValue(value);
  } catch {
    return null;
  }
}

function logicTree(cursor: Cursor): LogicTree {
  const statement = cursor.attempt((): LogicTree => {
    const target = field(cursor);
    cursor.expect(".", "delimiter (.)");
    const { negated, operation: op } = opExpression(cursor, logicValue);
    const filter: Filter = { field: target, negated, operation: op };
    return { kind: "filter", filter };
  });
  if (statement) return statement;
  const negated = cursor.eat("not.");
  const operator = cursor.eat("and") ? "and" : cursor.eat("or") ? "or" : cursor.fail("logic operator (and, or)");
  cursor.skipSpaces();
  cursor.expect("(", '"("');
  const children: LogicTree[] = [];
  do {
    cursor.skipSpaces();
    children.push(logicTree(cursor));
    cursor.skipSpaces();
  } while (cursor.eat(","));
  cursor.expect(")", '")"');
  cursor.skipSpaces();
  return { kind: "expr", negated, operator, children };
}

/** `key` is `or`, `not.and`, `embed.or`...; `value` is `(a.eq.1,...)`. */
export function parseLogic(key: string, value: string): { path: EmbedPath; tree: LogicTree } {
  const segments = runParser("logic path", key, (cursor) => {
    const names = [fieldName(cursor)];
    while (cursor.eat(".")) names.push(fieldName(cursor));
    return names;
  });
  const operator = segments.pop() ?? "";
  const negated = segments.includes("not");
  const path = segments.filter((s) => s !== "not");
  const tree = runParser("logic tree", `${negated ? "not." : ""}${operator}${value}`, logicTree);
  return { path, tree };
}
