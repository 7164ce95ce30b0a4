// The executor against the test stack's Postgres, on a single connection so
// every call reuses it: one implicit transaction per batch, prepared
// statements reused, and cleaned up after a failed batch.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { Executor } from "./executor.ts";

const { dbUrl } = inject("stack");
const table = `executor_test_${crypto.randomUUID().slice(0, 8)}`;
let pool: pg.Pool;
let executor: Executor;

async function superuser(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const insert = (id: string) => ({ text: `insert into public.${table} (id) values ($1) returning id`, values: [id] });
const settings = { text: "select set_config('request.jwt.claims', $1, true)", values: ['{"role":"x"}'] };
const preparedCount = { text: "select count(*)::int as n from pg_prepared_statements where name like 'pgrst_%'", values: [] };

beforeAll(async () => {
  await superuser(`create table public.${table} (id int primary key)`);
  pool = new pg.Pool({ connectionString: dbUrl, max: 1 });
  executor = new Executor(pool);
});

afterAll(async () => {
  await pool.end();
  await superuser(`drop table public.${table}`);
});

describe("executor", () => {
  test("a batch is one transaction: settings are visible to the next statement and gone after", async () => {
    const [, claims] = await executor.run([settings, { text: "select current_setting('request.jwt.claims', true) as c", values: [] }]);
    expect(claims).toEqual([{ c: '{"role":"x"}' }]);
    const [after] = await executor.run([{ text: "select current_setting('request.jwt.claims', true) as c", values: [] }]);
    expect(after).toEqual([{ c: "" }]);
  });

  test("an error rolls back every statement of the batch", async () => {
    await expect(executor.run([insert("1"), insert("1")])).rejects.toMatchObject({ code: "23505" });
    expect((await superuser(`select count(*)::int as n from public.${table}`)).rows).toEqual([{ n: 0 }]);
  });

  test("statements are prepared once per connection and reused", async () => {
    const before = (await executor.run([preparedCount]))[0]?.[0] as { n: number };
    await executor.run([insert("10")]);
    await executor.run([insert("11")]);
    const after = (await executor.run([preparedCount]))[0]?.[0] as { n: number };
    // One new name for the insert (the count query was prepared by the first call).
    expect(after.n - before.n).toBe(1);
  });

  test("after a failed batch its new statements are closed, and the same shape runs again", async () => {
    const shape = (value: string) => ({ text: `select $1::int + 1 as next /* ${table} */`, values: [value] });
    const before = (await executor.run([preparedCount]))[0]?.[0] as { n: number };
    await expect(executor.run([shape("not a number")])).rejects.toMatchObject({ code: "22P02" });
    const afterFailure = (await executor.run([preparedCount]))[0]?.[0] as { n: number };
    expect(afterFailure.n).toBe(before.n);
    const [rows] = await executor.run([shape("41")]);
    expect(rows).toEqual([{ next: 42 }]);
  });

  test("runDeciding commits or rolls back on the caller's word", async () => {
    const kept = await executor.runDeciding([insert("20")], (rows) => ({ value: rows[0], commit: true }));
    expect(kept).toEqual([{ id: 20 }]);
    await executor.runDeciding([insert("21")], () => ({ value: null, commit: false }));
    await expect(executor.runDeciding([insert("22")], () => {
      throw new Error("refused");
    })).rejects.toThrow("refused");
    const ids = (await superuser(`select id from public.${table} where id >= 20 order by id`)).rows;
    expect(ids).toEqual([{ id: 20 }]);
  });
});
