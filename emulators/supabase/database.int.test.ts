// The db tasks (migrate, status, rollback, reset, types, seed) through the
// real Supabase CLI, on a sample project so the app's migrations don't matter.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  appliedVersions, ensurePlatformSchema, generateTypes, migrateUp, migrationStatus, resetDatabase, rollbackNewest, seed,
} from "./database.ts";
import { freePort, startPostgres, type RunningPostgres } from "./postgres.ts";

const root = path.resolve(".local/test", `database-${process.pid}`);
const workdir = path.join(root, "project");
const paths = { workdir };
let db: RunningPostgres;

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(workdir, file)), { recursive: true });
  writeFileSync(path.join(workdir, file), text);
}

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' order by 1",
  );
  await client.end();
  return rows.map((r) => r.name);
}

beforeAll(async () => {
  mkdirSync(path.join(workdir, "supabase"), { recursive: true });
  cpSync("supabase/config.toml", path.join(workdir, "supabase/config.toml"));
  cpSync("supabase/signing_keys.json", path.join(workdir, "supabase/signing_keys.json"));
  write("supabase/migrations/20260101000000_notes.sql", "create table public.notes (id bigint generated always as identity primary key, body text not null);\n");
  write("supabase/rollbacks/20260101000000_notes.sql", "drop table public.notes;\n");
  write("supabase/migrations/20260102000000_tags.sql", "create table public.tags (name text primary key);\n");
  write("supabase/rollbacks/20260102000000_tags.sql", "drop table public.tags;\n");
  write("supabase/seed.sql", "insert into public.notes (body) values ('seeded');\n");
  db = await startPostgres({ dataDir: path.join(root, "db"), port: await freePort(), ephemeral: true });
  await ensurePlatformSchema(db.url);
});

afterAll(async () => {
  await db?.stop();
  rmSync(root, { recursive: true, force: true });
});

test("migrate applies pending migrations in order and status lists them", async () => {
  await migrateUp(db.url, paths);
  expect(await appliedVersions(db.url)).toEqual(["20260101000000", "20260102000000"]);
  expect(await tables(db.url)).toEqual(["notes", "tags"]);
  const status = await migrationStatus(db.url, paths);
  expect(status).toContain("20260101000000");
  expect(status).toContain("20260102000000");
});

test("rollback undoes only the newest migration and forgets it, then migrate re-applies it", async () => {
  expect(await rollbackNewest(db.url, paths)).toBe("20260102000000_tags.sql");
  expect(await appliedVersions(db.url)).toEqual(["20260101000000"]);
  expect(await tables(db.url)).toEqual(["notes"]);
  await migrateUp(db.url, paths);
  expect(await tables(db.url)).toEqual(["notes", "tags"]);
});

test("a rollback that fails changes nothing", async () => {
  write("supabase/rollbacks/20260102000000_tags.sql", "drop table public.tags;\nselect 1/0;\n");
  await expect(rollbackNewest(db.url, paths)).rejects.toThrow(/Rollback 20260102000000_tags.sql failed, nothing changed/);
  expect(await tables(db.url)).toEqual(["notes", "tags"]);
  expect(await appliedVersions(db.url)).toHaveLength(2);
  write("supabase/rollbacks/20260102000000_tags.sql", "drop table public.tags;\n");
});

test("types are generated from the live schema", async () => {
  const types = await generateTypes(db.url, paths);
  expect(types).toContain("export type Database");
  expect(types).toMatch(/"notes": \{\s+Row: \{\s+"body": string, "id": number\s+\}/);
});

test("reset rebuilds the database from platform schema, migrations and seed", async () => {
  await seed(db.url, paths);
  await resetDatabase(db.url, paths);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const { rows } = await client.query("select body from public.notes");
  const { rows: auth } = await client.query("select to_regclass('auth.users') is not null as present");
  await client.end();
  expect(rows).toEqual([{ body: "seeded" }]);
  expect(auth).toEqual([{ present: true }]);
});

test("npm run db:status works through the script against SUPABASE_DB_URL", async () => {
  const { stdout } = await promisify(execFile)("tsx", ["scripts/db.ts", "status"], {
    env: { ...process.env, SUPABASE_DB_URL: db.url },
  });
  expect(stdout).toContain("Local");
});
