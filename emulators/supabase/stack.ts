// The whole local Supabase: embedded Postgres, platform schema, migrations and
// the API emulator. Used by `npm run dev`, `npm run stack` and the tests.
import path from "node:path";
import type { ConfigOverrides } from "./config.ts";
import { ensurePlatformSchema, migrateUp, migrationFiles, seed, type ProjectPaths } from "./database.ts";
import { startPostgres, type RunningPostgres } from "./postgres.ts";
import { startSupabaseEmulator, type RunningEmulator } from "./server.ts";

export const DEFAULT_PORTS = { api: 54321, db: 54322, mailbox: 54324 } as const;

export interface StackOptions {
  /** Root of all local state, e.g. `.local`; Postgres lives in `<dir>/db`. */
  localDir: string;
  ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  /** Tests: fsync off and the like. */
  ephemeral?: boolean;
  migrate?: boolean;
  /** Run supabase/seed.sql when the database was just created (as `supabase start` does). */
  seedNewDatabase?: boolean;
  configOverrides?: ConfigOverrides;
  logLevel?: "info" | "error" | "silent";
  log?: (line: string) => void;
  paths?: ProjectPaths;
}

export interface RunningStack {
  dbUrl: string;
  apiUrl: string;
  mailboxUrl: string;
  postgres: RunningPostgres;
  emulator: RunningEmulator;
  stop(): Promise<void>;
}

export async function startLocalStack(options: StackOptions): Promise<RunningStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const log = options.log ?? ((line: string) => console.log(line));
  const postgres = await startPostgres({
    dataDir: path.join(options.localDir, "db"),
    port: ports.db,
    ephemeral: options.ephemeral,
    onLog: options.logLevel === "info" ? (line) => log(`[postgres] ${line}`) : undefined,
  });
  try {
    const created = await ensurePlatformSchema(postgres.url);
    if (created) log("[supabase] platform schema applied");
    if (options.migrate !== false && migrationFiles(options.paths).length > 0) {
      await migrateUp(postgres.url, options.paths);
    }
    if (created && options.seedNewDatabase) {
      const files = await seed(postgres.url, options.paths);
      if (files.length > 0) log(`[supabase] seeded from ${files.map((f) => path.basename(f)).join(", ")}`);
    }
    const emulator = await startSupabaseEmulator({
      dbUrl: postgres.url,
      port: ports.api,
      mailboxPort: ports.mailbox,
      dataDir: path.join(options.localDir, "supabase"),
      configPath: options.paths ? path.join(options.paths.workdir, "supabase/config.toml") : undefined,
      configOverrides: options.configOverrides,
      logLevel: options.logLevel,
      log,
    });
    return {
      dbUrl: postgres.url,
      apiUrl: emulator.url,
      mailboxUrl: emulator.mailboxUrl,
      postgres,
      emulator,
      async stop() {
        await emulator.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    if (!postgres.reused) await postgres.stop();
    throw error;
  }
}
