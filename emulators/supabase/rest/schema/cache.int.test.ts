// The schema cache against the test stack's Postgres: what it reads from the
// catalog, and that `NOTIFY pgrst, 'reload schema'` alone (with the DDL event
// triggers switched off) makes it reload.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { SchemaCacheManager } from "./cache.ts";

const { dbUrl } = inject("stack");
const authenticatorUrl = (() => {
  const url = new URL(dbUrl);
  url.username = "authenticator";
  url.password = "postgres";
  return url.toString();
})();

const suffix = crypto.randomUUID().slice(0, 8);
const table = `cache_test_${suffix}`;
// A channel of our own: DDL by other test files notifies `pgrst`, not this one.
const channel = `pgrst_test_${suffix}`;
let pool: pg.Pool;
let manager: SchemaCacheManager;

async function superuser(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function cacheHasColumn(column: string): Promise<boolean> {
  return (await manager.get()).tables.get(`public.${table}`)?.columns.has(column) ?? false;
}

/** Polls until the cache shows the column, for at most `timeoutMs`. */
async function eventuallyHasColumn(column: string, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cacheHasColumn(column)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return cacheHasColumn(column);
}

beforeAll(async () => {
  await superuser(`
    create table public.${table} (id int primary key, parent_id int references public.${table} (id), label text default 'x');
    create function public.${table}_fn(a int, b text default 'b') returns setof public.${table} language sql stable as 'select * from public.${table}';
  `);
  pool = new pg.Pool({ connectionString: authenticatorUrl, max: 2 });
  manager = new SchemaCacheManager(pool, authenticatorUrl, ["public"], () => undefined, channel);
  await manager.listen();
  await manager.get();
});

afterAll(async () => {
  await manager.close();
  await pool.end();
  await superuser(`drop table if exists public.${table} cascade`);
});

describe("schema cache", () => {
  test("reads tables with typed columns, primary keys, self relationships and functions", async () => {
    const cache = await manager.get();
    const info = cache.tables.get(`public.${table}`);
    expect(info?.primaryKey).toEqual(["id"]);
    expect(info?.columns.get("label")).toMatchObject({ type: "text", default: "'x'::text", nullable: true });
    const rels = cache.relationships.get(`public.${table}`) ?? [];
    expect(rels.map((r) => r.cardinality).sort()).toEqual(["m2o", "o2m"]);
    expect(rels.every((r) => r.isSelf)).toBe(true);
    const [fn] = cache.routines.get(`public.${table}_fn`) ?? [];
    expect(fn).toMatchObject({ returnsSet: true, returnKind: "composite", returnTable: table, volatility: "stable" });
    expect(fn?.params).toEqual([
      { name: "a", type: "integer", required: true, variadic: false },
      { name: "b", type: "text", required: false, variadic: false },
    ]);
  });

  test("NOTIFY <channel>, 'reload schema' reloads it even when no event trigger fired", async () => {
    const before = await manager.get();
    // PostgreSQL 17's event_triggers setting keeps the DDL from notifying by itself.
    await superuser(`begin; set local event_triggers = off; alter table public.${table} add column added_later int; commit;`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await cacheHasColumn("added_later")).toBe(false);
    await superuser(`notify ${channel}, 'reload schema'`);
    expect(await eventuallyHasColumn("added_later")).toBe(true);
    expect(await manager.get()).not.toBe(before);
  });

  test("DDL sends NOTIFY pgrst through the event trigger the emulator installs", async () => {
    const listener = new pg.Client({ connectionString: authenticatorUrl });
    await listener.connect();
    try {
      const received = new Promise<string | undefined>((resolve) => listener.on("notification", (m) => resolve(m.payload)));
      await listener.query("listen pgrst");
      await superuser(`alter table public.${table} add column added_by_ddl int`);
      expect(await received).toBe("reload schema");
    } finally {
      await listener.end();
    }
  });
});
