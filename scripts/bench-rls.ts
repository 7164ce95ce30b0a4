// npm run bench:rls — how fast row level security answers the dashboard's
// question "my projects, newest first, 20 rows" at scale.
//
// Starts its own throwaway Postgres (data under .local/bench-rls, a free port),
// applies the platform schema and every migration, fills 100k users and 1M
// projects (each with its owner and one more member, so 2M memberships), runs
// ANALYZE, then for 50 different users runs the query as that user — `set
// local role authenticated` plus JWT claims, exactly as the Data API does —
// under EXPLAIN ANALYZE, and prints the median execution time and one plan.
// Target: under 2 ms. Stops Postgres and deletes its data when done.
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensurePlatformSchema, migrateUp } from "../emulators/supabase/database.ts";
import { freePort, startPostgres, type RunningPostgres } from "../emulators/supabase/postgres.ts";

const USERS = 100_000;
const PROJECTS = 1_000_000;
const RUNS = 50;
const TARGET_MS = 2;
const DATA_DIR = path.resolve(".local/bench-rls/db");

/** What the dashboard asks, as supabase-js would: RLS alone decides "my". */
const MY_PROJECTS = `
  select id, name, description, owner_id, created_at, updated_at
  from public.projects
  where deleted_at is null
  order by created_at desc
  limit 20`;

/** The projects engineers' RPC for the same page, measured for reference. */
const LIST_MY_PROJECTS = "select * from public.list_my_projects(null, 20, 0)";

/** Deterministic uuid for user or project number n. */
const uuidSql = (prefix: string, n: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const userId = (n: string) => uuidSql("00000000", n);
const projectId = (n: string) => uuidSql("11111111", n);
const userUuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  log(`  ${label.padEnd(48)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function fill(client: pg.Client): Promise<void> {
  await timed(`${USERS.toLocaleString("en")} auth users (profiles by trigger)`, () =>
    client.query(`
      insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                              raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select '00000000-0000-0000-0000-000000000000', ${userId("n")}, 'authenticated', 'authenticated',
             'user' || n || '@bench.local', '', now(), '{"provider": "email"}', jsonb_build_object('name', 'User ' || n),
             now(), now()
      from generate_series(1::bigint, ${USERS}) n`),
  );
  // Ten projects each: put everyone on the pro plan, so the data is what the
  // plan limit would have allowed.
  await client.query("update public.users set subscription_tier = 'pro'");

  // Bulk load with triggers off (session_replication_role = replica): the rows
  // are built consistent by construction (owner rows included), and the
  // per-row plan-limit, owner and foreign-key triggers would only slow it down.
  await client.query("set session_replication_role = replica");
  await timed(`${PROJECTS.toLocaleString("en")} projects (2% in the trash)`, () =>
    client.query(`
      insert into public.projects (id, name, description, owner_id, created_by, updated_by, deleted_at, created_at, updated_at)
      select ${projectId("n")}, 'Project ' || n, '', owner, owner, owner,
             case when n % 50 = 0 then now() - interval '3 days' end,
             created, created
      from generate_series(1::bigint, ${PROJECTS}) n,
           lateral (select ${userId(`((n - 1) % ${USERS}) + 1`)} as owner,
                           now() - (random() * interval '730 days') as created) x`),
  );
  await timed(`${(PROJECTS * 2).toLocaleString("en")} memberships (owner + one other)`, () =>
    client.query(`
      insert into public.project_members (project_id, user_id, role, created_at, updated_at)
      select ${projectId("n")}, ${userId(`((n - 1) % ${USERS}) + 1`)}, 'owner', now(), now()
      from generate_series(1::bigint, ${PROJECTS}) n
      union all
      select ${projectId("n")}, ${userId(`((n * 7919 + n / ${USERS}) % ${USERS}) + 1`)},
             (array['admin', 'member', 'viewer']::public.project_role[])[n % 3 + 1], now(), now()
      from generate_series(1::bigint, ${PROJECTS}) n
      where ((n * 7919 + n / ${USERS}) % ${USERS}) <> (n - 1) % ${USERS}`),
  );
  await client.query("set session_replication_role = origin");
  await timed("vacuum analyze", () => client.query("vacuum analyze"));
}

interface ExplainResult {
  "Execution Time": number;
  "Planning Time": number;
  Plan: { "Actual Rows": number };
}

/** Runs a query as the user under EXPLAIN ANALYZE, in a rolled-back transaction. */
async function explainAs(client: pg.Client, userNumber: number, sql: string, format: "json" | "text") {
  await client.query("begin");
  try {
    await client.query("set local role authenticated");
    await client.query("select set_config('request.jwt.claims', $1, true)", [
      JSON.stringify({ sub: userUuid(userNumber), role: "authenticated", aud: "authenticated" }),
    ]);
    const { rows } = await client.query(`explain (analyze, buffers, format ${format}) ${sql}`);
    return rows;
  } finally {
    await client.query("rollback");
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

async function measure(client: pg.Client, users: number[], sql: string) {
  const execution: number[] = [];
  const planning: number[] = [];
  let rowsSeen = 0;
  for (const n of users) {
    const rows = await explainAs(client, n, sql, "json");
    const result = (rows[0] as { "QUERY PLAN": ExplainResult[] })["QUERY PLAN"][0]!;
    execution.push(result["Execution Time"]);
    planning.push(result["Planning Time"]);
    rowsSeen += result.Plan["Actual Rows"];
  }
  execution.sort((a, b) => a - b);
  planning.sort((a, b) => a - b);
  return {
    median: percentile(execution, 0.5),
    p95: percentile(execution, 0.95),
    planningMedian: percentile(planning, 0.5),
    averageRows: rowsSeen / users.length,
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  rmSync(path.dirname(DATA_DIR), { recursive: true, force: true });
  let postgres: RunningPostgres | undefined;
  try {
    postgres = await startPostgres({ dataDir: DATA_DIR, port: await freePort(), ephemeral: true });
    log(`Postgres on port ${postgres.port} (throwaway data in ${path.relative(process.cwd(), DATA_DIR)})`);
    await ensurePlatformSchema(postgres.url);
    await timed("platform schema + migrations (Supabase CLI)", () => migrateUp(postgres!.url));

    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query("alter system set maintenance_work_mem = '512MB'");
      await client.query("alter system set max_wal_size = '8GB'");
      await client.query("select pg_reload_conf()");
      log("Filling:");
      await fill(client);

      // 50 users spread over the id range (deterministic), plus a warm-up run.
      const users = Array.from({ length: RUNS }, (_, i) => ((i * 2_654_435_761) % USERS) + 1);
      await explainAs(client, users[0]!, MY_PROJECTS, "json");

      const dashboard = await measure(client, users, MY_PROJECTS);
      const rpc = await measure(client, users, LIST_MY_PROJECTS).catch(() => null);
      const plan = await explainAs(client, users[0]!, MY_PROJECTS, "text");

      log("");
      log(`"My projects, newest first, 20 rows" as an authenticated user (RLS), ${RUNS} users:`);
      log(`  execution time  median ${dashboard.median.toFixed(3)} ms   p95 ${dashboard.p95.toFixed(3)} ms   (target < ${TARGET_MS} ms)`);
      log(`  planning time   median ${dashboard.planningMedian.toFixed(3)} ms`);
      log(`  rows returned   ${dashboard.averageRows.toFixed(1)} on average`);
      if (rpc) {
        log(`public.list_my_projects(null, 20, 0) for the same users (role, member count, last job):`);
        log(`  execution time  median ${rpc.median.toFixed(3)} ms   p95 ${rpc.p95.toFixed(3)} ms`);
      }
      log("");
      log(`Plan (user ${users[0]}):`);
      for (const row of plan) log(`  ${(row as { "QUERY PLAN": string })["QUERY PLAN"]}`);
      log("");
      log(`${dashboard.median < TARGET_MS ? "✔ within" : "✖ over"} the ${TARGET_MS} ms target; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
      if (dashboard.median >= TARGET_MS) process.exitCode = 1;
    } finally {
      await client.end();
    }
  } finally {
    if (postgres) await postgres.stop();
    rmSync(path.dirname(DATA_DIR), { recursive: true, force: true });
  }
}

await main();
