// `order=name.desc.nullslast,id` and `order=clients(name).asc` (pOrder in QueryParams.hs).
import { type Cursor, field, ParseFailure, runParser, tryFieldName } from "./cursor.ts";
import type { OrderTerm } from "./types.ts";

function atTermEnd(cursor: Cursor): boolean {
  return cursor.done || cursor.peek() === ",";
}

function modifiers(cursor: Cursor): Pick<OrderTerm, "direction" | "nulls"> {
  let direction: OrderTerm["direction"] = null;
  let nulls: OrderTerm["nulls"] = null;
  if (cursor.startsWith(".asc") || cursor.startsWith(".desc")) {
    direction = cursor.eat(".asc") ? "asc" : (cursor.eat(".desc"), "desc");
  }
  if (cursor.startsWith(".nullsfirst") || cursor.startsWith(".nullslast")) {
    nulls = cursor.eat(".nullsfirst") ? "first" : (cursor.eat(".nullslast"), "last");
  }
  if (!atTermEnd(cursor)) failModifiers(cursor, direction !== null, nulls !== null);
  return { direction, nulls };
}

/**
 * PostgREST's pOrder error: after a `.`, the words still possible are
 * reported at the word's start, naming the first character that differs
 * from the first of them (Parsec's `string`); otherwise a delimiter, `,` or
 * the end was expected.
 */
function failModifiers(cursor: Cursor, hasDirection: boolean, hasNulls: boolean): never {
  if (hasNulls) return cursor.fail('"," or end of input');
  if (cursor.peek() !== ".") return cursor.fail(hasDirection ? 'delimiter (.), "," or end of input' : '"," or end of input');
  const words = hasDirection ? ["nullsfirst", "nullslast"] : ["asc", "desc", "nullsfirst", "nullslast"];
  const start = cursor.pos + 1;
  const first = words[0] ?? "";
  let i = 0;
  while (i < first.length && cursor.input[start + i] === first[i]) i++;
  const quoted = words.map((w) => `"${w}"`);
  throw new ParseFailure(start, `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`, cursor.input[start + i]);
}

function term(cursor: Cursor): OrderTerm {
  cursor.skipSpaces();
  const start = cursor.pos;
  const relation = tryFieldName(cursor);
  if (relation !== null && cursor.eat("(")) {
    const target = field(cursor);
    cursor.expect(")", '")"');
    return { relation, field: target, ...modifiers(cursor) };
  }
  cursor.pos = start;
  const target = field(cursor);
  return { relation: null, field: target, ...modifiers(cursor) };
}

export function parseOrder(value: string): OrderTerm[] {
  return runParser("order", value, (cursor) => {
    const terms = [term(cursor)];
    while (cursor.eat(",")) terms.push(term(cursor));
    return terms;
  });
}
