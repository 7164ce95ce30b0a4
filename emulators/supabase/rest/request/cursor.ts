// A small recursive-descent toolkit shared by the select, filter and order
// parsers, with the lexical rules of PostgREST's QueryParams.hs: field names,
// quoted names, JSON paths. Failures become PGRST100 with the column and an
// "unexpected ... expecting ..." detail, as PostgREST reports them.
import { parseError, type RestError } from "../errors.ts";
import type { Field, JsonPathStep } from "./types.ts";

/**
 * A failed parse at a position. Not an Error: backtracking throws these often,
 * and capturing a stack trace for each would dominate the parse time.
 */
export class ParseFailure {
  constructor(
    readonly position: number,
    readonly expecting: string,
    /** The character Parsec names as unexpected when it is not the one at `position`. */
    readonly found?: string,
  ) {}
}

export class Cursor {
  pos = 0;
  constructor(readonly input: string) {}

  get done(): boolean {
    return this.pos >= this.input.length;
  }

  peek(offset = 0): string {
    return this.input[this.pos + offset] ?? "";
  }

  startsWith(text: string): boolean {
    return this.input.startsWith(text, this.pos);
  }

  /** Consumes `text` if it is next. */
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }

  expect(text: string, expecting = `"${text}"`): void {
    if (!this.eat(text)) this.fail(expecting);
  }

  skipSpaces(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  fail(expecting: string): never {
    throw new ParseFailure(this.pos, expecting);
  }

  /** Runs `parse`; on failure restores the position and returns null (Parsec's `try`). */
  attempt<T>(parse: () => T): T | null {
    const start = this.pos;
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      this.pos = start;
      return null;
    }
  }

  rest(): string {
    const text = this.input.slice(this.pos);
    this.pos = this.input.length;
    return text;
  }
}

/**
 * Wraps a parse so a failure becomes PostgREST's PGRST100 error for `what`.
 * `shown` is the text the message quotes when it differs from the parsed one
 * (a logic tree parses `or(...)` but names only the parameter's value).
 */
export function runParser<T>(what: string, input: string, parse: (cursor: Cursor) => T, shown = input): T {
  const cursor = new Cursor(input);
  try {
    return parse(cursor);
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    throw failureToError(what, input, error, shown);
  }
}

export function failureToError(what: string, input: string, failure: ParseFailure, shown = input): RestError {
  const char = failure.found ?? input[failure.position];
  // Parsec quotes the character as a string ("x"), except where `eof` was one of
  // the alternatives: its notFollowedBy reports it with Haskell's Char show ('x').
  const quoted = failure.expecting.endsWith("end of input") ? `'${char}'` : `"${char}"`;
  const found = char !== undefined ? `unexpected ${quoted}` : "unexpected end of input";
  return parseError(what, shown, failure.position + 1, `${found} expecting ${failure.expecting}`);
}

const NON_ASCII_IDENTIFIER_CHAR = /[\p{L}\p{N}]/u;

/** Letters, digits, `_`, `$` and space (Parsec's letter/digit are Unicode-aware). */
function isIdentifierChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code === 32;
  }
  return NON_ASCII_IDENTIFIER_CHAR.test(c);
}

/** `"quoted \" name"`: backslash escapes any character. */
export function quotedValue(cursor: Cursor): string {
  cursor.expect('"');
  let value = "";
  while (!cursor.done && cursor.peek() !== '"') {
    if (cursor.peek() === "\\") cursor.pos++;
    if (cursor.done) break;
    value += cursor.peek();
    cursor.pos++;
  }
  cursor.expect('"');
  return value;
}

function identifier(cursor: Cursor, isChar: (c: string) => boolean, expecting: string): string {
  const start = cursor.pos;
  while (!cursor.done && isChar(cursor.peek())) cursor.pos++;
  if (cursor.pos === start) cursor.fail(expecting);
  return cursor.input.slice(start, cursor.pos).trim();
}

/** Identifiers joined by dashes that do not start an arrow (`my-col`, not `col->x`). */
function dashSeparated(cursor: Cursor, part: () => string): string {
  const parts = [part()];
  while (cursor.peek() === "-" && cursor.peek(1) !== ">") {
    cursor.pos++;
    parts.push(part());
  }
  return parts.join("-");
}

export function fieldName(cursor: Cursor): string {
  if (cursor.peek() === '"') return quotedValue(cursor);
  const expecting = "field name (* or [a..z0..9_$])";
  return dashSeparated(cursor, () => identifier(cursor, isIdentifierChar, expecting));
}

/** fieldName without throwing: null (and no input consumed) when none starts here. */
export function tryFieldName(cursor: Cursor): string | null {
  const next = cursor.peek();
  if (next === "" || (next !== '"' && !isIdentifierChar(next))) return null;
  return cursor.attempt(() => fieldName(cursor));
}

/** A type name for `::cast`: letters, digits, `_`, `$` and spaces (`double precision`). */
export function castName(cursor: Cursor): string {
  return identifier(cursor, isIdentifierChar, "letter or digit");
}

function jsonKey(cursor: Cursor): string {
  if (cursor.peek() === '"') return quotedValue(cursor);
  const expecting = "any non reserved character different from: .,>()";
  return dashSeparated(cursor, () => identifier(cursor, (c) => !"(-:.,>)".includes(c), expecting));
}

function atIndexEnd(cursor: Cursor): boolean {
  return cursor.done || ["->", "::", ".", ",", ")"].some((end) => cursor.startsWith(end));
}

export function jsonPath(cursor: Cursor): JsonPathStep[] {
  const steps: JsonPathStep[] = [];
  for (;;) {
    const arrow = cursor.eat("->>") ? "->>" : cursor.eat("->") ? "->" : null;
    if (!arrow) return steps;
    const start = cursor.pos;
    const match = /^-?\d+/.exec(cursor.input.slice(cursor.pos));
    if (match) {
      cursor.pos += match[0].length;
      if (atIndexEnd(cursor)) {
        steps.push({ arrow, key: match[0], isIndex: true });
        continue;
      }
      cursor.pos = start;
    }
    steps.push({ arrow, key: jsonKey(cursor), isIndex: false });
  }
}

/** A field with optional JSON path, surrounded by optional spaces. */
export function field(cursor: Cursor): Field {
  cursor.skipSpaces();
  const name = fieldName(cursor);
  const path = jsonPath(cursor);
  cursor.skipSpaces();
  return { name, jsonPath: path };
}

/** `a,b,"c"`: the on_conflict and columns parameters. */
export function columnList(cursor: Cursor): string[] {
  const names: string[] = [];
  do {
    cursor.skipSpaces();
    names.push(fieldName(cursor));
    cursor.skipSpaces();
  } while (cursor.eat(","));
  if (!cursor.done) cursor.fail('"," or end of input');
  return names;
}
