// Loads the schema cache from pg_catalog in one read-only transaction with an
// empty search_path, so every type and default comes back schema-qualified.
import type pg from "pg";
import { buildRelationships, type ForeignKeyRow } from "./relationships.ts";
import { resolveViewColumns, type ViewColumnRow } from "./views.ts";
import type { Column, Routine, RoutineParam, SchemaCache, Table } from "./types.ts";
import { qualified } from "./types.ts";

const TABLES_SQL = `
select n.nspname as schema, c.relname as name, c.relkind in ('v', 'm') as is_view,
  coalesce((
    select json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'baseType', coalesce(bt.typname, t.typname),
      'nullable', not a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'generated', a.attgenerated <> '' or a.attidentity = 'a'
    ) order by a.attnum)
    from pg_attribute a
    join pg_type t on t.oid = a.atttypid
    left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  ), '[]') as columns,
  coalesce((
    select array_agg(a.attname::text order by k.ord)
    from pg_constraint con
    cross join unnest(con.conkey) with ordinality as k(attnum, ord)
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
    where con.conrelid = c.oid and con.contype = 'p'
  ), '{}') as primary_key
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'f', 'p')`;

// A foreign key is one-to-one when its columns are exactly a primary key or unique constraint.
const FOREIGN_KEYS_SQL = `
with uniques as (
  select conrelid, array_agg(key order by key) as cols
  from pg_constraint, unnest(conkey) as key
  where contype in ('p', 'u')
  group by oid, conrelid
)
select ns1.nspname as schema, tab.relname as table, ns2.nspname as foreign_schema, other.relname as foreign_table,
  con.conname as constraint,
  (select json_agg(json_build_array(ca.attname, fa.attname) order by k.ord)
   from unnest(con.conkey, con.confkey) with ordinality as k(col, ref, ord)
   join pg_attribute ca on ca.attrelid = con.conrelid and ca.attnum = k.col
   join pg_attribute fa on fa.attrelid = con.confrelid and fa.attnum = k.ref) as columns,
  (select array_agg(x order by x) from unnest(con.conkey) as x) in (select cols from uniques u where u.conrelid = con.conrelid) as one_to_one
from pg_constraint con
join pg_class tab on tab.oid = con.conrelid
join pg_namespace ns1 on ns1.oid = tab.relnamespace
join pg_class other on other.oid = con.confrelid
join pg_namespace ns2 on ns2.oid = other.relnamespace
where con.contype = 'f' and con.conparentid = 0 and ns1.nspname = any($1) and ns2.nspname = any($1)`;

// Which base column each view column shows, from the view's query tree (the
// target list's resorigtbl/resorigcol, as PostgREST reads them), so embeds
// work through views. A view over a view maps to that view's columns.
const VIEW_COLUMNS_SQL = `
select distinct n.nspname as view_schema, c.relname as view_name, a.attname::text as view_column,
  tn.nspname as source_schema, t.relname as source_name, ta.attname::text as source_column
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_rewrite r on r.ev_class = c.oid and r.rulename = '_RETURN'
cross join lateral regexp_matches(r.ev_action::text, ':resno (\\d+) :resname (\\S+) :ressortgroupref \\d+ :resorigtbl (\\d+) :resorigcol (\\d+)', 'g') as m
join pg_attribute a on a.attrelid = c.oid and a.attnum = m[1]::int and a.attname = m[2]
join pg_class t on t.oid = m[3]::oid and t.oid <> c.oid
join pg_namespace tn on tn.oid = t.relnamespace
join pg_attribute ta on ta.attrelid = t.oid and ta.attnum = m[4]::int
where c.relkind in ('v', 'm') and n.nspname = any($1)`;

const ROUTINES_SQL = `
select n.nspname as schema, p.proname as name, p.provolatile::text as volatility, p.proretset as returns_set,
  p.pronargdefaults as defaults, format_type(p.prorettype, null) as return_type, rt.typtype::text as return_typtype,
  rc.relname as return_relation, rn.nspname as return_schema,
  coalesce((
    select json_agg(json_build_object(
      'name', coalesce(p.proargnames[a.ord], ''),
      'type', format_type(a.typ, null),
      'mode', coalesce(p.proargmodes[a.ord]::text, 'i')
    ) order by a.ord)
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality as a(typ, ord)
  ), '[]') as args,
  case when rt.typrelid <> 0 then (
    select json_agg(a.attname order by a.attnum) from pg_attribute a
    where a.attrelid = rt.typrelid and a.attnum > 0 and not a.attisdropped
  ) end as return_columns
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type rt on rt.oid = p.prorettype
join pg_namespace rn on rn.oid = rt.typnamespace
left join pg_class rc on rc.oid = rt.typrelid
where n.nspname = any($1) and p.prokind = 'f' and rt.typname not in ('trigger', 'event_trigger')`;

const TYPES_SQL = `
select n.nspname as schema, t.typname as name
from pg_type t join pg_namespace n on n.oid = t.typnamespace
where (n.nspname = any($1) or n.nspname in ('pg_catalog', 'extensions'))
  and t.typtype in ('b', 'c', 'd', 'e', 'r', 'm') and t.typname !~ '^_'
order by n.nspname <> 'pg_catalog'`;

// Settings of the roles the login role may switch to, as PostgREST's queryRoleSettings.
const ROLE_SETTINGS_SQL = `
with role_setting as (
  select r.rolname, unnest(r.rolconfig) as setting
  from pg_auth_members m join pg_roles r on r.oid = m.roleid
  where m.member = current_user::regrole::oid
), kv as (
  select rolname, substr(setting, 1, strpos(setting, '=') - 1) as key, lower(substr(setting, strpos(setting, '=') + 1)) as value
  from role_setting
)
select kv.rolname as role, json_agg(json_build_array(kv.key, kv.value)) as settings
from kv join pg_settings ps on ps.name = kv.key
  and (ps.context = 'user' or has_parameter_privilege(current_user::regrole::oid, ps.name, 'set'))
group by kv.rolname`;

// SQL spellings of types that are not pg_type names (`int`, `double precision`...).
const TYPE_ALIASES = [
  "int", "integer", "smallint", "bigint", "real", "float", "double precision", "boolean", "decimal", "numeric",
  "char", "character", "varchar", "character varying", "timestamp with time zone", "timestamp without time zone",
  "time with time zone", "time without time zone", "bit varying",
];

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface TableRow { schema: string; name: string; is_view: boolean; columns: Column[]; primary_key: string[] }
interface RoutineRow {
  schema: string; name: string; volatility: string; returns_set: boolean; defaults: number; return_type: string;
  return_typtype: string; return_relation: string | null; return_schema: string;
  args: { name: string; type: string; mode: string }[]; return_columns: string[] | null;
}

function toRoutine(row: RoutineRow, tables: Map<string, Table>): Routine {
  const inputs = row.args.filter((a) => a.mode === "i" || a.mode === "b" || a.mode === "v");
  const outputs = row.args.filter((a) => a.mode === "o" || a.mode === "b" || a.mode === "t");
  const firstOptional = inputs.length - row.defaults;
  const params: RoutineParam[] = inputs.map((a, i) => ({ name: a.name, type: a.type, required: i < firstOptional, variadic: a.mode === "v" }));
  const isComposite = row.return_typtype === "c" || (row.return_type === "record" && outputs.length > 0);
  const returnTable = row.return_relation && tables.has(qualified(row.return_schema, row.return_relation)) && row.return_schema === row.schema
    ? row.return_relation : null;
  return {
    schema: row.schema,
    name: row.name,
    params,
    returnType: row.return_type,
    returnsSet: row.returns_set,
    returnKind: row.return_type === "void" ? "void" : isComposite ? "composite" : "scalar",
    returnTable,
    returnColumns: row.return_columns ?? (outputs.length > 0 ? outputs.map((o) => o.name) : null),
    volatility: row.volatility === "i" ? "immutable" : row.volatility === "s" ? "stable" : "volatile",
  };
}

export async function loadSchemaCache(client: pg.ClientBase, schemas: string[]): Promise<SchemaCache> {
  const loadStartedAt = performance.now();
  await client.query("begin read only");
  try {
    await client.query("select set_config('search_path', '', true)");
    const tableRows = (await client.query<TableRow>(TABLES_SQL, [schemas])).rows;
    const fkRows = (await client.query<ForeignKeyRow>(FOREIGN_KEYS_SQL, [schemas])).rows;
    const viewRows = (await client.query<ViewColumnRow>(VIEW_COLUMNS_SQL, [schemas])).rows;
    const routineRows = (await client.query<RoutineRow>(ROUTINES_SQL, [schemas])).rows;
    const typeRows = (await client.query<{ schema: string; name: string }>(TYPES_SQL, [schemas])).rows;
    const roleRows = (await client.query<{ role: string; settings: [string, string][] }>(ROLE_SETTINGS_SQL)).rows;

    const tables = new Map<string, Table>();
    for (const row of tableRows) {
      tables.set(qualified(row.schema, row.name), {
        schema: row.schema,
        name: row.name,
        isView: row.is_view,
        columnList: row.columns,
        columns: new Map(row.columns.map((c) => [c.name, c])),
        primaryKey: row.primary_key,
        computedFields: new Set(),
      });
    }
    const routines = new Map<string, Routine[]>();
    for (const row of routineRows) {
      const key = qualified(row.schema, row.name);
      const routine = toRoutine(row, tables);
      routines.set(key, [...(routines.get(key) ?? []), routine]);
      // One parameter of a table's row type, not a set: a computed field of that table.
      const [param] = routine.params;
      if (routine.params.length === 1 && param && !routine.returnsSet && routine.returnKind !== "void") {
        tables.get(param.type)?.computedFields.add(routine.name);
      }
    }
    const castTypes = new Map<string, string>(TYPE_ALIASES.map((alias) => [alias, alias]));
    for (const { schema, name } of typeRows) {
      const key = name.toLowerCase();
      if (castTypes.has(key)) continue;
      castTypes.set(key, schema === "pg_catalog" ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`);
    }
    return {
      schemas,
      tables,
      relationships: buildRelationships(fkRows, tables, resolveViewColumns(viewRows, tables)),
      routines,
      castTypes,
      roleSettings: new Map(roleRows.map((r) => [r.role, r.settings])),
      loadStartedAt,
    };
  } finally {
    await client.query("commit");
  }
}
