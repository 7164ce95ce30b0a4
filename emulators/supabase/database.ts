// Database tasks over a plain Postgres: the platform schema, and the Supabase
// CLI for migrations and types (`--remote=<url>` points it at any Postgres).
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const SUPABASE_BIN = path.join(ROOT, "node_modules/.bin/supabase");
export const PLATFORM_SQL = path.join(import.meta.dirname, "platform.sql");

export interface ProjectPaths {
  /** Folder that holds the `supabase/` folder (the CLI's --workdir). */
  workdir: string;
}

const defaultPaths: ProjectPaths = { workdir: ROOT };

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** True when a Postgres answers at `url`. */
export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Applies platform.sql unless the database already has it. Returns whether it ran. */
export async function ensurePlatformSchema(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ present: boolean }>(
      "select to_regclass('auth.users') is not null and to_regclass('storage.objects') is not null as present",
    );
    if (rows[0]?.present) return false;
    await client.query(readFileSync(PLATFORM_SQL, "utf8"));
    return true;
  });
}

async function supabaseCli(args: string[], paths: ProjectPaths): Promise<string> {
  try {
    const { stdout } = await run(SUPABASE_BIN, [...args, "--workdir", paths.workdir, "--yes"], {
      cwd: paths.workdir,
      maxBuffer: 64 * 1024 * 1024,
      // The local Postgres has no TLS; saying so up front keeps the CLI from
      // printing a warning into stdout (and into generated types).
      env: { ...process.env, PGSSLMODE: process.env.PGSSLMODE ?? "disable", SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
    });
    return stdout;
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    const detail = (failure.stderr || failure.stdout || failure.message)
      .split("\n")
      .filter((line) => line.trim() && !line.includes("without TLS"))
      .join("\n");
    throw new Error(`supabase ${args[0]} ${args[1] ?? ""} failed:\n${detail}`);
  }
}

export function migrationFiles(paths: ProjectPaths = defaultPaths): string[] {
  const dir = path.join(paths.workdir, "supabase/migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^\d{14}_.+\.sql$/.test(f)).sort();
}

/** `supabase migration up`: applies pending migrations in order. */
export async function migrateUp(url: string, paths: ProjectPaths = defaultPaths): Promise<string> {
  return supabaseCli(["migration", "up", `--remote=${url}`], paths);
}

/** `supabase migration list`: local versus applied migrations. */
export async function migrationStatus(url: string, paths: ProjectPaths = defaultPaths): Promise<string> {
  return supabaseCli(["migration", "list", `--remote=${url}`], paths);
}

/** Versions recorded in the CLI's history table, oldest first. */
export async function appliedVersions(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ exists: boolean }>(
      "select to_regclass('supabase_migrations.schema_migrations') is not null as exists",
    );
    if (!rows[0]?.exists) return [];
    const result = await client.query<{ version: string }>(
      "select version from supabase_migrations.schema_migrations order by version",
    );
    return result.rows.map((r) => r.version);
  });
}

/**
 * Rolls back the newest applied migration: runs `supabase/rollbacks/<same file>`
 * and removes its row from the CLI's history table, in one transaction.
 */
export async function rollbackNewest(url: string, paths: ProjectPaths = defaultPaths): Promise<string | null> {
  const applied = await appliedVersions(url);
  const newest = applied.at(-1);
  if (!newest) return null;
  const file = migrationFiles(paths).find((f) => f.startsWith(`${newest}_`));
  if (!file) throw new Error(`Migration ${newest} is applied but has no file in supabase/migrations/`);
  const rollback = path.join(paths.workdir, "supabase/rollbacks", file);
  if (!existsSync(rollback)) throw new Error(`No rollback for ${file}: expected supabase/rollbacks/${file}`);
  await withClient(url, async (client) => {
    await client.query("begin");
    try {
      await client.query(readFileSync(rollback, "utf8"));
      await client.query("delete from supabase_migrations.schema_migrations where version = $1", [newest]);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw new Error(`Rollback ${file} failed, nothing changed: ${(error as Error).message}`);
    }
  });
  return file;
}

/** Runs the seed files named in config.toml ([db.seed] sql_paths), in one transaction. */
export async function seed(url: string, paths: ProjectPaths = defaultPaths, files = ["supabase/seed.sql"]): Promise<string[]> {
  const present = files.map((f) => path.join(paths.workdir, f)).filter((f) => existsSync(f));
  await withClient(url, async (client) => {
    await client.query("begin");
    try {
      for (const file of present) await client.query(readFileSync(file, "utf8"));
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  });
  return present;
}

/** `supabase gen types typescript` for the API schemas. */
export async function generateTypes(url: string, paths: ProjectPaths = defaultPaths): Promise<string> {
  const output = await supabaseCli(["gen", "types", "typescript", `--remote=${url}`, "--schema", "public"], paths);
  const start = output.indexOf("export type Json");
  if (start < 0) throw new Error(`supabase gen types printed no types:\n${output}`);
  // Loaded here, not at the top: the TypeScript compiler costs ~120 MiB of
  // memory, and every process that runs the stack imports this module.
  const { formatTypeScript } = await import("./format-typescript.ts");
  return formatTypeScript(output.slice(start), "database.types.ts");
}

/**
 * Drops and recreates a database, then platform schema, migrations and seed.
 * Connects to the `postgres` maintenance database of the same cluster to do it.
 */
export async function resetDatabase(url: string, paths: ProjectPaths = defaultPaths, { withSeed = true } = {}): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1)) || "postgres";
  const maintenance = new URL(url);
  maintenance.pathname = name === "postgres" ? "/template1" : "/postgres";
  await withClient(maintenance.toString(), async (client) => {
    await client.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [name]);
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)}`);
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
  });
  await ensurePlatformSchema(url);
  if (migrationFiles(paths).length > 0) await migrateUp(url, paths);
  if (withSeed) await seed(url, paths);
}
