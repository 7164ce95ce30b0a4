// `order=name.desc.nullslast,id` and `order=clients(name).asc` (pOrder in QueryParams.hs).
import { type Cursor, field, runParser, tryFieldName } from "./cursor.ts";
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
  if (!atTermEnd(cursor)) {
    cursor.fail(direction || nulls ? '"," or end of input' : '"asc", "desc", "nullsfirst" or "nullslast"');
  }
  return { direction, nulls };
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
