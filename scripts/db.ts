// Database tasks through the real Supabase CLI, against SUPABASE_DB_URL
// (locally .env.development points it at the embedded Postgres, which is
// started for the task if it is not running).
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  canConnect, ensurePlatformSchema, generateTypes, migrateUp, migrationStatus, resetDatabase, rollbackNewest, seed,
} from "../emulators/supabase/database.ts";
import { startPostgres, type RunningPostgres } from "../emulators/supabase/postgres.ts";
import { isLocalUrl, loadProjectEnv, portOf } from "./lib/env.ts";
import { LOCAL_DIR, reportStartupError } from "./lib/local-services.ts";

export const TYPES_FILE = path.resolve("lib/supabase/database.types.ts");

const env = loadProjectEnv("development");
const url = env.SUPABASE_DB_URL;
const command = process.argv[2] ?? "";
const force = process.argv.includes("--force");

if (!url) {
  console.error("SUPABASE_DB_URL is not set: add it to .env.local (see .env.example).");
  process.exit(1);
}

async function withDatabase(task: (url: string) => Promise<void>) {
  let postgres: RunningPostgres | undefined;
  if (isLocalUrl(url) && !(await canConnect(url!))) {
    postgres = await startPostgres({ dataDir: path.join(LOCAL_DIR, "db"), port: portOf(url!, 54322) }).catch(reportStartupError);
  }
  if (isLocalUrl(url) && (await ensurePlatformSchema(url!))) console.log("Applied the platform schema to the new local database.");
  try {
    await task(url!);
  } finally {
    if (postgres && !postgres.reused) await postgres.stop();
  }
}

const tasks: Record<string, (url: string) => Promise<void>> = {
  async migrate(url) {
    console.log((await migrateUp(url)).trim() || "Up to date.");
  },
  async status(url) {
    console.log((await migrationStatus(url)).trim());
  },
  async rollback(url) {
    const file = await rollbackNewest(url);
    console.log(file ? `Rolled back ${file}.` : "No applied migration to roll back.");
  },
  async reset(url) {
    if (!isLocalUrl(url) && !force) {
      throw new Error("db:reset drops the whole database. It only runs against a local URL unless you pass --force.");
    }
    await resetDatabase(url);
    console.log("Database reset: platform schema, all migrations and seed applied.");
  },
  async seed(url) {
    const files = await seed(url);
    console.log(files.length ? `Seeded from ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}.` : "No seed file.");
  },
  async types(url) {
    writeFileSync(TYPES_FILE, await generateTypes(url));
    console.log(`Wrote ${path.relative(process.cwd(), TYPES_FILE)}.`);
  },
};

const task = tasks[command];
if (!task) {
  console.error(`Usage: npm run db:<${Object.keys(tasks).join("|")}>`);
  process.exit(2);
}
await withDatabase(task).catch((error: Error) => {
  console.error(`✖ ${error.message}`);
  process.exit(1);
});
