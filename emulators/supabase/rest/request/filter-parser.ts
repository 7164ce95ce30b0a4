// Filters (`age=gte.18`, `tags=cs.{a,b}`, `name=not.ilike.*x*`) and logic trees
// (`or=(a.eq.1,and(b.gt.2,c.is.null))`), as pOpExpr and pLogicTree in
// PostgREST's QueryParams.hs.
import { type Cursor, field, fieldName, jsonPath, ParseFailure, quotedValue, runParser } from "./cursor.ts";
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
const FTS_LANGUAGE = /^[\p{L}\p{N}_ $]+/u;

/**
 * How far PostgREST's operator alternatives (pOperation) get into `text`
 * before failing: Parsec reports the furthest failure among them, so
 * `equals.1` fails at "u" (after `eq`), not at its start.
 */
function operatorFailure(text: string): number {
  let furthest = 0;
  const reach = (at: number) => (furthest = Math.max(furthest, at));
  const delimiter = (at: number) => text[at] !== "." && reach(at);
  const parenthesised = (at: number, inner: (from: number) => number | null): number => {
    if (text[at] !== "(") return at;
    const end = inner(at + 1);
    if (end !== null && text[end] === ")") return end + 1;
    reach(end ?? at + 1);
    return at;
  };
  for (const word of ["in", "is", "isdistinct"]) if (text.startsWith(word)) delimiter(word.length);
  const fts = FTS_OPERATORS.find((op) => text.startsWith(op));
  const language = (from: number) => {
    const length = FTS_LANGUAGE.exec(text.slice(from))?.[0].length ?? 0;
    return length > 0 ? from + length : null;
  };
  if (fts) delimiter(parenthesised(fts.length, language));
  const simple = SIMPLE_OPERATORS.find((op) => text.startsWith(op));
  if (simple) delimiter(simple.length);
  const quant = QUANT_OPERATORS.find((op) => text.startsWith(op));
  if (quant) delimiter(parenthesised(quant.length, (from) => (text.startsWith("any", from) || text.startsWith("all", from) ? from + 3 : null)));
  return furthest;
}

/** Fails where PostgREST's parser would, naming `not` too when it was still possible there. */
function failOperator(cursor: Cursor, negated: boolean): never {
  const start = cursor.pos;
  cursor.pos += operatorFailure(cursor.input.slice(start));
  const label = "operator (eq, gt, ...)";
  if (negated) return cursor.fail(label);
  // Without `not.`, Parsec also tried `not` followed by a delimiter at the start.
  const notAt = cursor.input.startsWith("not", start) ? start + 3 : start;
  const notExpecting = notAt === start ? '"not"' : "delimiter (.)";
  if (notAt > cursor.pos) {
    cursor.pos = notAt;
    return cursor.fail(notExpecting);
  }
  return cursor.fail(notAt === cursor.pos ? `${notExpecting} or ${label}` : label);
}

function operation(cursor: Cursor, value: ValueParser, negated: boolean): Operation {
  const match = OPERATOR_TOKEN.exec(cursor.input.slice(cursor.pos));
  if (!match) return failOperator(cursor, negated);
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
  // The configuration is an identifier: `fts().x` is malformed.
  const languageOk = modifier === undefined || FTS_LANGUAGE.exec(modifier)?.[0] === modifier;
  if (fts && languageOk) {
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
  return failOperator(cursor, negated);
}

function opExpression(cursor: Cursor, value: ValueParser): { negated: boolean; operation: Operation } {
  const negated = cursor.eat("not.");
  return { negated, operation: operation(cursor, value, negated) };
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

function logicFilter(cursor: Cursor): LogicTree {
  const target = field(cursor);
  cursor.expect(".", "delimiter (.)");
  const { negated, operation: op } = opExpression(cursor, logicValue);
  const filter: Filter = { field: target, negated, operation: op };
  return { kind: "filter", filter };
}

function logicTree(cursor: Cursor): LogicTree {
  const start = cursor.pos;
  try {
    return logicFilter(cursor);
  } catch (filterError) {
    if (!(filterError instanceof ParseFailure)) throw filterError;
    cursor.pos = start;
    try {
      return logicExpression(cursor);
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      // Parsec reports the alternative that got further; at the same place, what both expected.
      if (filterError.position > error.position) throw filterError;
      if (filterError.position === error.position && error.position === start) {
        throw new ParseFailure(start, `${filterError.expecting}, negation operator (not) or ${error.expecting}`);
      }
      throw error;
    }
  }
}

function logicExpression(cursor: Cursor): LogicTree {
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
  const tree = runParser("logic tree", `${negated ? "not." : ""}${operator}${value}`, logicTree, value);
  return { path, tree };
}
