// A small subset of Stripe's Search Query Language, enough for lookups an
// app makes: clauses joined by AND, each `field:'value'` (exact match) or
// `metadata['key']:'value'`, e.g. `email:'a@b.c' AND metadata['user_id']:'42'`.
import { invalidParam } from "./errors.ts";

export type SearchPredicate = (object: Record<string, unknown>) => boolean;

const CLAUSE = /^\s*(metadata\[(['"])(.+?)\2\]|[a-z_]+)\s*:\s*(['"])(.*?)\4\s*$/;

export function parseSearchQuery(query: string, fields: readonly string[]): SearchPredicate {
  const clauses = query.split(/\s+AND\s+/).map((clause) => {
    const match = CLAUSE.exec(clause);
    if (!match) throw invalidParam("query", `The local Stripe emulator cannot parse this search clause: ${clause.trim()}`, "parameter_invalid_string");
    const metadataKey = match[3];
    const field = match[1] ?? "";
    const value = match[5] ?? "";
    if (metadataKey !== undefined) {
      return (object: Record<string, unknown>) => (object.metadata as Record<string, string> | null)?.[metadataKey] === value;
    }
    if (!fields.includes(field)) throw invalidParam("query", `Field '${field}' is an unsupported search field. Supported here: ${fields.join(", ")}, metadata['key'].`);
    return (object: Record<string, unknown>) => object[field] === value;
  });
  return (object) => clauses.every((clause) => clause(object));
}
