// What the schema cache knows about the exposed schemas: relations and their
// columns, foreign-key relationships, functions, type names for casts, and the
// settings of the roles the API switches to.

export interface Column {
  name: string;
  /** format_type() with an empty search_path: `text`, `character varying(20)`, `public.mood`. */
  type: string;
  /** Base type name (a domain's underlying type): `jsonb`, `tsvector`... */
  baseType: string;
  nullable: boolean;
  /** Default expression from the catalog (never from a request). */
  default: string | null;
  /** Generated or identity-always: cannot be written. */
  generated: boolean;
}

export interface Table {
  schema: string;
  name: string;
  isView: boolean;
  columns: Map<string, Column>;
  columnList: Column[];
  primaryKey: string[];
  /** Computed fields: functions taking this table's row, selectable like columns (`select=full_name`). */
  computedFields: Set<string>;
}

export type Cardinality = "m2o" | "o2m" | "o2o" | "m2m";

export interface Junction {
  table: string;
  constraint1: string;
  constraint2: string;
  /** [junction column, origin column] pairs. */
  sourceColumns: [string, string][];
  /** [junction column, target column] pairs. */
  targetColumns: [string, string][];
}

/** An embeddable link from `table` to `foreignTable` (both in `schema`). */
export interface Relationship {
  schema: string;
  table: string;
  foreignTable: string;
  isSelf: boolean;
  cardinality: Cardinality;
  constraint: string;
  /** [column of table, column of foreignTable] pairs; empty for m2m. */
  columns: [string, string][];
  junction: Junction | null;
  foreignTableIsView: boolean;
}

export interface RoutineParam {
  name: string;
  type: string;
  required: boolean;
  variadic: boolean;
}

export interface Routine {
  schema: string;
  name: string;
  params: RoutineParam[];
  returnType: string;
  returnsSet: boolean;
  /** void, a scalar, or rows with columns (a table/composite type or OUT parameters). */
  returnKind: "void" | "scalar" | "composite";
  /** Name of the relation whose rows are returned, to embed from them; null for OUT-parameter records. */
  returnTable: string | null;
  /** Column names of the returned rows, when known. */
  returnColumns: string[] | null;
  volatility: "immutable" | "stable" | "volatile";
}

export interface SchemaCache {
  schemas: string[];
  /** Keyed by `schema.name`. */
  tables: Map<string, Table>;
  /** Relationships from each `schema.table`. */
  relationships: Map<string, Relationship[]>;
  /** Overloads of each `schema.name`. */
  routines: Map<string, Routine[]>;
  /** Lower-cased type names usable in `::cast`, to the SQL that names them. */
  castTypes: Map<string, string>;
  /** Settings PostgREST applies when switching to each role (statement_timeout...). */
  roleSettings: Map<string, [string, string][]>;
  /** performance.now() when the catalog read began: the cache reflects all DDL committed before it. */
  loadStartedAt: number;
}

export function qualified(schema: string, name: string): string {
  return `${schema}.${name}`;
}
