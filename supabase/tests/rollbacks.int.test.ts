// Rollbacks (supabase/rollbacks/<same file>) are the exact inverse of their
// migrations, checked on fresh databases in the test cluster (never the shared
// one other test files use): a catalog snapshot before a migration equals the
// snapshot after its rollback, all the way down to an empty public schema, and
// everything re-applies through the Supabase CLI. Also: rolling back the
// newest migration keeps the seed's rows, and the seed is idempotent.
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import {
  appliedVersions, ensurePlatformSchema, migrateUp, migrationFiles, type ProjectPaths, rollbackNewest, seed, withClient,
} from "../../emulators/supabase/database.ts";
import { stackDbUrl } from "./helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const created: string[] = [];
const workdirs: string[] = [];

/**
 * A Supabase CLI workdir holding only the first `count` migrations, so
 * `migration up` applies exactly up to there (it has no target version).
 */
function workdirUpTo(count: number): ProjectPaths {
  const workdir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  workdirs.push(workdir);
  for (const folder of ["migrations", "rollbacks"]) mkdirSync(path.join(workdir, "supabase", folder), { recursive: true });
  // config.toml and the files it names (signing keys...), not the folders.
  for (const entry of readdirSync(path.join(ROOT, "supabase"), { withFileTypes: true })) {
    if (entry.isFile()) copyFileSync(path.join(ROOT, "supabase", entry.name), path.join(workdir, "supabase", entry.name));
  }
  for (const file of migrationFiles().slice(0, count)) {
    copyFileSync(path.join(ROOT, "supabase/migrations", file), path.join(workdir, "supabase/migrations", file));
    copyFileSync(path.join(ROOT, "supabase/rollbacks", file), path.join(workdir, "supabase/rollbacks", file));
  }
  return { workdir };
}

async function freshDatabase(): Promise<string> {
  const name = `rb_${randomBytes(6).toString("hex")}`;
  await withClient(stackDbUrl(), (client) => client.query(`create database ${pg.escapeIdentifier(name)}`));
  created.push(name);
  const url = new URL(stackDbUrl());
  url.pathname = `/${name}`;
  await ensurePlatformSchema(url.toString());
  return url.toString();
}

afterAll(async () => {
  for (const dir of workdirs) rmSync(dir, { recursive: true, force: true });
  await withClient(stackDbUrl(), async (client) => {
    for (const name of created) await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  });
});

/** Everything a migration can create or change, as sorted text lines (no oids). */
const SNAPSHOT_SQL = `
with
  ours as (
    select oid, nspname from pg_namespace
    where nspname not in ('pg_catalog', 'information_schema', 'pg_toast', 'supabase_migrations')
      and nspname not like 'pg_temp_%' and nspname not like 'pg_toast_temp_%'
  )
select line from (
  select 'schema ' || n.nspname || ' acl=' || coalesce((select string_agg(a::text, ',' order by a::text) from unnest(s.nspacl) a), '')
         || ' comment=' || coalesce(obj_description(n.oid, 'pg_namespace'), '') as line
  from ours n join pg_namespace s on s.oid = n.oid
  union all
  select 'relation ' || n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' rls=' || c.relrowsecurity || '/' || c.relforcerowsecurity
         || ' options=' || coalesce(array_to_string(c.reloptions, ','), '')
         || ' acl=' || coalesce((select string_agg(a::text, ',' order by a::text) from unnest(c.relacl) a), '')
         || ' comment=' || coalesce(obj_description(c.oid, 'pg_class'), '')
  from pg_class c join ours n on n.oid = c.relnamespace
  union all
  select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
         || ' notnull=' || a.attnotnull || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
         || ' generated=' || a.attgenerated::text || ' identity=' || a.attidentity::text
         || ' acl=' || coalesce((select string_agg(x::text, ',' order by x::text) from unnest(a.attacl) x), '')
         || ' comment=' || coalesce(col_description(c.oid, a.attnum), '')
  from pg_attribute a join pg_class c on c.oid = a.attrelid join ours n on n.oid = c.relnamespace
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
  where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f')
  union all
  select 'constraint ' || n.nspname || '.' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
  from pg_constraint k join pg_class c on c.oid = k.conrelid join ours n on n.oid = c.relnamespace
  union all
  select 'index ' || pg_get_indexdef(i.indexrelid)
  from pg_index i join pg_class c on c.oid = i.indexrelid join ours n on n.oid = c.relnamespace
  union all
  select 'policy ' || schemaname || '.' || tablename || '.' || policyname || ' ' || permissive || ' ' || roles::text || ' ' || cmd
         || ' using=' || coalesce(qual, '') || ' check=' || coalesce(with_check, '')
  from pg_policies
  union all
  select 'trigger ' || pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text
  from pg_trigger t where not t.tgisinternal
  union all
  select 'function ' || p.oid::regprocedure::text || ' def=' || md5(pg_get_functiondef(p.oid))
         || ' acl=' || coalesce((select string_agg(a::text, ',' order by a::text) from unnest(p.proacl) a), '')
         || ' comment=' || coalesce(obj_description(p.oid, 'pg_proc'), '')
  from pg_proc p join ours n on n.oid = p.pronamespace
  where p.prokind in ('f', 'p', 'w')
  union all
  select 'type ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text
         || ' labels=' || coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid), '')
         || ' comment=' || coalesce(obj_description(t.oid, 'pg_type'), '')
  from pg_type t join ours n on n.oid = t.typnamespace
  where t.typtype in ('e', 'd') or (t.typtype = 'c' and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c'))
  union all
  select 'default acl ' || pg_get_userbyid(d.defaclrole) || ' ' || coalesce(n.nspname, '*') || ' ' || d.defaclobjtype::text || ' '
         || (select string_agg(a::text, ',' order by a::text) from unnest(d.defaclacl) a)
  from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace
  union all
  select 'bucket ' || id || ' public=' || coalesce(public::text, '') || ' limit=' || coalesce(file_size_limit::text, '')
         || ' mime=' || coalesce(array_to_string(allowed_mime_types, ','), '')
  from storage.buckets
  union all
  select 'extension ' || extname || ' ' || extversion || ' in ' || extnamespace::regnamespace::text from pg_extension
  union all
  select 'publication ' || pubname || ' ' || schemaname || '.' || tablename from pg_publication_tables
) lines
order by line`;

async function snapshot(url: string): Promise<string[]> {
  return withClient(url, async (client) => (await client.query<{ line: string }>(SNAPSHOT_SQL)).rows.map((r) => r.line));
}

async function publicObjects(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `select relname as name from pg_class where relnamespace = 'public'::regnamespace
       union all select proname from pg_proc where pronamespace = 'public'::regnamespace
       union all select typname from pg_type where typnamespace = 'public'::regnamespace`,
    );
    return rows.map((r) => r.name);
  });
}

/** Row contents of every table in public, per table (a hash of all rows, sorted). */
async function tableContents(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ name: string }>("select tablename as name from pg_tables where schemaname = 'public' order by 1");
    const contents: Record<string, string> = {};
    for (const { name } of tables) {
      const { rows } = await client.query<{ digest: string; n: number }>(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from public.${pg.escapeIdentifier(name)} t`,
      );
      contents[name] = `${rows[0]!.n} rows ${rows[0]!.digest}`;
    }
    return contents;
  });
}

describe("rollbacks", () => {
  test(
    "each rollback is the exact inverse of its migration, down to an empty public schema, and all re-apply",
    async () => {
      const url = await freshDatabase();
      const platformOnly = await snapshot(url);
      await migrateUp(url);
      const files = migrationFiles();
      expect(await appliedVersions(url)).toEqual(files.map((f) => f.slice(0, 14)));
      const allApplied = await snapshot(url);

      for (let count = files.length; count > 0; count--) {
        const file = files[count - 1]!;
        const before = await snapshot(url);
        expect(await rollbackNewest(url)).toBe(file);
        const rolledBack = await snapshot(url);
        expect(rolledBack, `${file} changes the schema`).not.toEqual(before);
        await migrateUp(url, workdirUpTo(count));
        expect(await appliedVersions(url)).toEqual(files.slice(0, count).map((f) => f.slice(0, 14)));
        expect(await snapshot(url), `${file} re-applied after its rollback`).toEqual(before);
        await rollbackNewest(url);
        expect(await snapshot(url), `${file} rolled back twice`).toEqual(rolledBack);
      }

      expect(await appliedVersions(url)).toEqual([]);
      expect(await publicObjects(url)).toEqual([]);
      expect(await snapshot(url)).toEqual(platformOnly);

      await migrateUp(url);
      expect(await snapshot(url)).toEqual(allApplied);
    },
    300_000,
  );

  test(
    "rolling back the newest migration after seeding keeps the seed's rows; re-applying it restores the schema",
    async () => {
      const url = await freshDatabase();
      await migrateUp(url);
      await seed(url);
      const seeded = await tableContents(url);
      expect(seeded["projects"]).toMatch(/^4 rows/);
      expect(seeded["jobs"]).toMatch(/^5 rows/);
      const schema = await snapshot(url);

      await rollbackNewest(url);
      const afterRollback = await tableContents(url);
      for (const [table, content] of Object.entries(afterRollback)) expect(content, table).toBe(seeded[table]);

      await migrateUp(url);
      expect(await snapshot(url)).toEqual(schema);
      const afterReapply = await tableContents(url);
      for (const table of Object.keys(afterRollback)) expect(afterReapply[table], table).toBe(seeded[table]);
    },
    120_000,
  );

  test(
    "the seed is idempotent, and its users can sign in with their documented password",
    async () => {
      const url = await freshDatabase();
      await migrateUp(url);
      await seed(url);
      const once = await tableContents(url);
      await seed(url);
      expect(await tableContents(url)).toEqual(once);
      await withClient(url, async (client) => {
        const { rows } = await client.query(
          `select u.email, u.encrypted_password = extensions.crypt('password123', u.encrypted_password) as password_ok,
                  u.email_confirmed_at is not null as confirmed, i.provider, p.name
           from auth.users u join auth.identities i on i.user_id = u.id join public.users p on p.id = u.id
           order by u.email`,
        );
        expect(rows).toEqual([
          { email: "alice@example.com", password_ok: true, confirmed: true, provider: "email", name: "Alice Example" },
          { email: "bob@example.com", password_ok: true, confirmed: true, provider: "email", name: "Bob Example" },
        ]);
        const { rows: statuses } = await client.query("select distinct status::text from public.jobs order by 1");
        expect(statuses.map((r) => r.status)).toEqual(["completed", "failed", "partial", "processing", "queued"]);
        const { rows: roles } = await client.query(
          `select u.email, m.role::text, count(*)::int as n from public.project_members m join public.users u on u.id = m.user_id
           group by 1, 2 order by 1, 2`,
        );
        expect(roles).toEqual([
          { email: "alice@example.com", role: "member", n: 1 },
          { email: "alice@example.com", role: "owner", n: 3 },
          { email: "bob@example.com", role: "admin", n: 1 },
          { email: "bob@example.com", role: "owner", n: 1 },
          { email: "bob@example.com", role: "viewer", n: 1 },
        ]);
      });
    },
    120_000,
  );
});
