// Building blocks of the generated SQL: identifiers are quoted (and only ever
// come from the schema cache or the plan's own aliases), values are always
// bound parameters.

export function ident(name: string): string {
  // Postgres identifiers cannot hold NUL; PostgREST truncates at it too.
  const clean = name.split("\u0000")[0] ?? "";
  return `"${clean.replace(/"/g, '""')}"`;
}

export function qualifiedIdent(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

/** Collects bound parameter values while a statement is being built. */
export class Params {
  readonly values: (string | null)[] = [];

  /** A value Postgres types from context (PostgREST's "unknown" literals). */
  add(value: string | null): string {
    this.values.push(value === null ? null : value.split("\u0000")[0] ?? "");
    return `$${this.values.length}`;
  }

  /** A value with an explicit type, for places where the context gives none. */
  typed(value: string | null, type: string): string {
    return `${this.add(value)}::${type}`;
  }
}

/** `{"a","b \"c\""}`: a Postgres array literal of text values, for `= ANY($n)`. */
export function arrayLiteral(values: string[]): string {
  const escaped = values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`);
  return `{${escaped.join(",")}}`;
}
