// The checks hosted Supabase's advisor runs (splinter,
// https://github.com/supabase/splinter), as SQL queries over the catalog, plus
// a few of this project's own rules. Each lint must return no rows on the
// migrated database; and each is shown to catch a deliberately bad object (the
// "probe"), created in a transaction that is rolled back, so no lint passes
// merely because its query can never return anything.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPool, schemaDbUrl } from "./helpers.ts";

/** Schemas the Data API exposes (supabase/config.toml [api].schemas). */
const EXPOSED = `('public', 'graphql_public')`;
/** Schemas this project's migrations own. */
const OURS = `('public', 'private')`;

/** The RPCs signed-in users are meant to call (security definer, checked inside). */
const AUTHENTICATED_RPCS = [
  "change_project_member_role(p_project_id uuid, p_user_id uuid, p_role project_role)",
  "invite_project_member(p_project_id uuid, p_email text, p_role project_role)",
  "leave_project(p_project_id uuid)",
  "list_project_members(p_project_id uuid)",
  "remove_project_member(p_project_id uuid, p_user_id uuid)",
  "restore_project(p_project_id uuid)",
  "transfer_project_ownership(p_project_id uuid, p_new_owner_id uuid)",
  "trash_project(p_project_id uuid)",
];

interface Lint {
  name: string;
  /** Returns one row per problem, with a column `object` naming it. */
  sql: string;
  /** Creates something this lint must flag (run in a rolled-back transaction). */
  probe: string;
  /** Substring of the `object` the probe must produce. */
  flags: string;
}

const PROBE_TABLE = "create table public.lint_probe (id uuid primary key, owner_id uuid references public.users (id), updated_at timestamptz);";

const LINTS: Lint[] = [
  {
    name: "rls_disabled_in_public: every table in an exposed schema has RLS enabled",
    sql: `select n.nspname || '.' || c.relname as object
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and n.nspname in ${EXPOSED} and not c.relrowsecurity`,
    probe: PROBE_TABLE,
    flags: "public.lint_probe",
  },
  {
    name: "rls_enabled_no_policy: no table with RLS enabled and no policy",
    sql: `select n.nspname || '.' || c.relname as object
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind in ('r', 'p') and n.nspname in ${OURS} and c.relrowsecurity
            and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`,
    probe: `${PROBE_TABLE} alter table public.lint_probe enable row level security;`,
    flags: "public.lint_probe",
  },
  {
    name: "policy_exists_rls_disabled: no policy on a table whose RLS is off",
    sql: `select n.nspname || '.' || c.relname || ': ' || p.polname as object
          from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
          where not c.relrowsecurity`,
    probe: `${PROBE_TABLE} create policy "probe" on public.lint_probe for select to authenticated using (true);`,
    flags: "public.lint_probe: probe",
  },
  {
    name: "function_search_path_mutable: every function of ours fixes its search_path",
    sql: `select p.oid::regprocedure::text as object
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname in ${OURS}
            and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
            and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`,
    probe: "create function public.lint_probe_fn() returns int language sql as 'select 1';",
    flags: "lint_probe_fn()",
  },
  {
    name: "security definer functions run with an empty search_path",
    sql: `select p.oid::regprocedure::text as object
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
            and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
            and not coalesce(p.proconfig, '{}') @> array['search_path=""']`,
    probe: "create function private.lint_probe_fn() returns int language sql security definer set search_path = public as 'select 1';",
    flags: "private.lint_probe_fn()",
  },
  {
    name: "anon_security_definer_function_executable: anon executes no function in an exposed schema",
    sql: `select p.oid::regprocedure::text as object
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname in ${EXPOSED} and has_function_privilege('anon', p.oid, 'execute')`,
    probe: "create function public.lint_probe_fn() returns int language sql set search_path = '' as 'select 1'; grant execute on function public.lint_probe_fn() to anon;",
    flags: "lint_probe_fn()",
  },
  {
    name: "authenticated_security_definer_function_executable: only the intended RPCs",
    sql: `select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as object
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname in ${EXPOSED} and p.prosecdef and has_function_privilege('authenticated', p.oid, 'execute')
            and p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
                <> all (array[${AUTHENTICATED_RPCS.map((f) => `'${f}'`).join(", ")}])`,
    probe: "create function public.lint_probe_fn() returns int language sql security definer set search_path = '' as 'select 1'; grant execute on function public.lint_probe_fn() to authenticated;",
    flags: "lint_probe_fn()",
  },
  {
    name: "auth_users_exposed: no view in an exposed schema reads auth.users",
    sql: `select distinct n.nspname || '.' || c.relname as object
          from pg_depend d
          join pg_rewrite r on r.oid = d.objid
          join pg_class c on c.oid = r.ev_class
          join pg_namespace n on n.oid = c.relnamespace
          where d.refobjid = 'auth.users'::regclass and c.relkind in ('v', 'm') and n.nspname in ${EXPOSED}`,
    probe: "create view public.lint_probe_view with (security_invoker = true) as select id, email from auth.users;",
    flags: "public.lint_probe_view",
  },
  {
    name: "security_definer_view: views in exposed schemas run as the caller",
    sql: `select n.nspname || '.' || c.relname as object
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind = 'v' and n.nspname in ${EXPOSED}
            and not coalesce(c.reloptions, '{}') && array['security_invoker=true', 'security_invoker=on']`,
    probe: "create view public.lint_probe_view as select tier from public.plan_limits;",
    flags: "public.lint_probe_view",
  },
  {
    name: "auth_rls_initplan: policies call auth.*() and the membership helpers through (select ...)",
    sql: `select schemaname || '.' || tablename || ': ' || policyname as object
          from pg_policies,
          lateral (select coalesce(qual, '') || ' ' || coalesce(with_check, '') as expr) e
          where regexp_count(e.expr, 'auth\\.(uid|jwt|role|email)\\(\\)')
                <> regexp_count(lower(e.expr), 'select\\s+auth\\.(uid|jwt|role|email)\\(\\)')
             or regexp_count(e.expr, 'current_setting\\(')
                <> regexp_count(lower(e.expr), 'select\\s+current_setting\\(')
             or regexp_count(e.expr, 'private\\.(readable_project_ids|project_ids_with_role)\\(')
                <> regexp_count(lower(e.expr), 'select\\s+private\\.(readable_project_ids|project_ids_with_role)\\(')`,
    probe: `${PROBE_TABLE} alter table public.lint_probe enable row level security;
            create policy "probe" on public.lint_probe for select to authenticated
            using (owner_id = (select auth.uid()) or owner_id = auth.uid());`,
    flags: "public.lint_probe: probe",
  },
  {
    name: "multiple_permissive_policies: at most one permissive policy per table, role and action",
    sql: `select n.nspname || '.' || c.relname || ' ' || r.rolname || ' ' || act.cmd as object
          from pg_policy p
          join pg_class c on c.oid = p.polrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_roles r on p.polroles @> array[r.oid] or p.polroles = array[0::oid]
          cross join lateral unnest(case p.polcmd
            when 'r' then array['select'] when 'a' then array['insert'] when 'w' then array['update']
            when 'd' then array['delete'] else array['select', 'insert', 'update', 'delete'] end) act(cmd)
          where p.polpermissive and n.nspname in ${OURS}
            and r.rolname not like 'pg\\_%' and not r.rolbypassrls
          group by n.nspname, c.relname, r.rolname, act.cmd
          having count(*) > 1`,
    probe: `create policy "probe one" on public.plan_limits for select to authenticated using (tier = 'free');
            create policy "probe two" on public.plan_limits for all to authenticated using (tier = 'pro');`,
    flags: "public.plan_limits authenticated select",
  },
  {
    name: "unindexed_foreign_keys: every foreign key has an index that starts with its columns",
    sql: `select ct.conrelid::regclass::text || ': ' || ct.conname as object
          from pg_constraint ct join pg_namespace n on n.oid = ct.connamespace
          where ct.contype = 'f' and n.nspname in ${OURS}
            and not exists (
              select 1 from pg_index i
              where i.indrelid = ct.conrelid and i.indisvalid and i.indpred is null
                and (string_to_array(i.indkey::text, ' ')::smallint[])[1:array_length(ct.conkey, 1)] = ct.conkey
            )`,
    probe: PROBE_TABLE,
    flags: "lint_probe: lint_probe_owner_id_fkey",
  },
  {
    name: "duplicate_index: no two identical indexes",
    sql: `select schemaname || '.' || tablename || ': ' || string_agg(indexname, ', ' order by indexname) as object
          from pg_indexes
          where schemaname in ${OURS}
          group by schemaname, tablename, replace(indexdef, indexname, '')
          having count(*) > 1`,
    probe: "create index lint_probe_a on public.jobs (user_id); create index lint_probe_b on public.jobs (user_id);",
    flags: "public.jobs: jobs_user_id_idx, lint_probe_a, lint_probe_b",
  },
  {
    name: "anon has no privilege on any table, column or sequence in public",
    sql: `select c.relname || ': ' || a.privilege_type as object
          from pg_class c, aclexplode(c.relacl) a
          where c.relnamespace = 'public'::regnamespace and a.grantee = 'anon'::regrole
          union all
          select c.relname || '.' || att.attname || ': ' || a.privilege_type
          from pg_attribute att join pg_class c on c.oid = att.attrelid, aclexplode(att.attacl) a
          where c.relnamespace = 'public'::regnamespace and a.grantee = 'anon'::regrole`,
    probe: "grant select (tier) on public.plan_limits to anon;",
    flags: "plan_limits.tier: SELECT",
  },
  {
    name: "signed-in users never get TRUNCATE, REFERENCES or TRIGGER (they bypass RLS)",
    sql: `select c.relname || ': ' || a.privilege_type as object
          from pg_class c, aclexplode(c.relacl) a
          where c.relnamespace = 'public'::regnamespace and a.grantee = 'authenticated'::regrole
            and a.privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')`,
    probe: "grant truncate on public.jobs to authenticated;",
    flags: "jobs: TRUNCATE",
  },
  {
    name: "every policy names its roles (none applies to PUBLIC) and only service-role policies cover all actions",
    sql: `select n.nspname || '.' || c.relname || ': ' || p.polname as object
          from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in ('public', 'storage')
            and (p.polroles = array[0::oid] or (p.polcmd = '*' and p.polroles <> array['service_role'::regrole::oid]))`,
    probe: `create policy "probe" on public.plan_limits for select using (true);`,
    flags: "public.plan_limits: probe",
  },
  {
    name: "every table in public has a comment",
    sql: `select c.relname as object
          from pg_class c
          where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
            and obj_description(c.oid, 'pg_class') is null`,
    probe: PROBE_TABLE,
    flags: "lint_probe",
  },
  {
    name: "every function in public has a comment",
    sql: `select p.oid::regprocedure::text as object
          from pg_proc p where p.pronamespace = 'public'::regnamespace and obj_description(p.oid, 'pg_proc') is null`,
    probe: "create function public.lint_probe_fn() returns int language sql set search_path = '' as 'select 1';",
    flags: "lint_probe_fn()",
  },
  {
    name: "every updated_at column is maintained by the updated_at trigger",
    sql: `select c.relname as object
          from pg_attribute a join pg_class c on c.oid = a.attrelid
          where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attname = 'updated_at' and not a.attisdropped
            and not exists (
              select 1 from pg_trigger t
              where t.tgrelid = c.oid and t.tgfoid = 'private.set_updated_at()'::regprocedure and not t.tgisinternal
            )`,
    probe: PROBE_TABLE,
    flags: "lint_probe",
  },
  {
    name: "plan_limits has a row for every subscription tier",
    sql: `select t::text as object from unnest(enum_range(null::public.subscription_tier)) t
          where not exists (select 1 from public.plan_limits l where l.tier = t)`,
    probe: "delete from public.plan_limits where tier = 'studio';",
    flags: "studio",
  },
];

let pool: pg.Pool;

beforeAll(() => {
  pool = createPool(schemaDbUrl());
});
afterAll(async () => {
  await pool.end();
});

async function run(client: pg.Pool | pg.ClientBase, sql: string): Promise<string[]> {
  const { rows } = await client.query<{ object: string }>(`select object from (${sql}) lint order by 1`);
  return rows.map((r) => r.object);
}

describe("advisor lints", () => {
  test.each(LINTS.map((lint) => [lint.name, lint] as const))("%s", async (_name, lint) => {
    expect(await run(pool, lint.sql)).toEqual([]);

    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query(lint.probe);
      const flagged = await run(client, lint.sql);
      expect(flagged.some((object) => object.includes(lint.flags)), `probe flagged: ${JSON.stringify(flagged)}`).toBe(true);
    } finally {
      await client.query("rollback");
      client.release();
    }
  });

  test("the API surface: who may execute each function in public", async () => {
    const { rows } = await pool.query<{ fn: string; definer: boolean; anon: boolean; authenticated: boolean; service_role: boolean }>(
      `select p.proname as fn, p.prosecdef as definer,
              has_function_privilege('anon', p.oid, 'execute') as anon,
              has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
              has_function_privilege('service_role', p.oid, 'execute') as service_role
       from pg_proc p where p.pronamespace = 'public'::regnamespace order by 1`,
    );
    const surface = Object.fromEntries(rows.map((r) => [r.fn, `${r.definer ? "definer" : "invoker"} anon=${r.anon} authenticated=${r.authenticated} service_role=${r.service_role}`]));
    const signedIn = "definer anon=false authenticated=true service_role=false";
    const service = "invoker anon=false authenticated=false service_role=true";
    // This schema's functions; later migrations may add more, but never for anon.
    expect(surface).toMatchObject({
      apply_stripe_subscription_event: service,
      change_project_member_role: signedIn,
      claim_jobs: service,
      claim_project_file_sweeps: service,
      finish_project_file_sweep: service,
      invite_project_member: signedIn,
      leave_project: signedIn,
      list_project_members: signedIn,
      purge_deleted_projects: service,
      remove_project_member: signedIn,
      requeue_stale_jobs: service,
      restore_project: signedIn,
      transfer_project_ownership: signedIn,
      trash_project: signedIn,
    });
    expect(rows.filter((r) => r.anon).map((r) => r.fn)).toEqual([]);
  });

  test("policy helpers and trigger functions live outside the exposed schemas", async () => {
    const { rows } = await pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p
       where p.pronamespace = 'public'::regnamespace and p.prorettype = 'trigger'::regtype`,
    );
    expect(rows).toEqual([]);
    const { rows: used } = await pool.query<{ expr: string }>(
      "select coalesce(qual, '') || coalesce(with_check, '') as expr from pg_policies where schemaname in ('public', 'storage')",
    );
    for (const { expr } of used) expect(expr).not.toMatch(/public\.\w+\(/);
  });
});
