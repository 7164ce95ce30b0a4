// The parsed form of a PostgREST request: what `select`, filters, `order`,
// `and`/`or` and friends mean before they are checked against the schema cache.

export interface JsonPathStep {
  arrow: "->" | "->>";
  key: string;
  /** `data->0`: an array index, bound as an integer. */
  isIndex: boolean;
}

/** A column reference, possibly followed by a JSON path: `data->a->>b`. */
export interface Field {
  name: string;
  jsonPath: JsonPathStep[];
}

export type AggregateFunction = "count" | "sum" | "avg" | "max" | "min";

export interface SelectField {
  kind: "field";
  /** `*` is a field named "*". */
  field: Field;
  alias: string | null;
  cast: string | null;
  aggregate: AggregateFunction | null;
  aggregateCast: string | null;
}

export interface SelectEmbed {
  kind: "embed";
  relation: string;
  alias: string | null;
  hint: string | null;
  joinType: "inner" | "left" | null;
  /** `...relation(cols)`: the columns are lifted into the parent. */
  spread: boolean;
  children: SelectItem[];
}

export type SelectItem = SelectField | SelectEmbed;

export type IsValue = "null" | "not_null" | "true" | "false" | "unknown";
export type QuantOperator = "eq" | "gt" | "gte" | "lt" | "lte" | "like" | "ilike" | "match" | "imatch";
export type SimpleOperator = "neq" | "cs" | "cd" | "ov" | "sl" | "sr" | "nxr" | "nxl" | "adj";
export type FtsOperator = "fts" | "plfts" | "phfts" | "wfts";

export type Operation =
  | { op: QuantOperator; quantifier: "any" | "all" | null; value: string }
  | { op: SimpleOperator; value: string }
  | { op: "in"; values: string[] }
  | { op: "is"; value: IsValue }
  | { op: "isdistinct"; value: string }
  | { op: FtsOperator; language: string | null; value: string };

export interface Filter {
  field: Field;
  negated: boolean;
  operation: Operation;
}

export type LogicTree =
  | { kind: "expr"; negated: boolean; operator: "and" | "or"; children: LogicTree[] }
  | { kind: "filter"; filter: Filter };

export interface OrderTerm {
  /** `order=clients(name)`: ordering by a column of a to-one embed. */
  relation: string | null;
  field: Field;
  direction: "asc" | "desc" | null;
  nulls: "first" | "last" | null;
}

/** Where a filter, order, limit or logic tree applies: [] is the root, ["a","b"] is embed a's embed b. */
export type EmbedPath = string[];

export interface Range {
  offset: number;
  /** null: no limit. */
  limit: number | null;
}
