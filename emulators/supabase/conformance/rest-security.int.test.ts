// SQL injection attempts in every place a request names or passes something
// (select, casts, JSON paths, filters, logic trees, order, on_conflict,
// columns, RPC arguments, profile headers) are refused or harmless: the
// tables stay intact and no secret leaks. Also: the schema cache follows DDL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, rest, sql } from "./rest-fixtures.ts";
import { anonClient } from "./target.ts";

const SECRET = "the cake is a lie";

beforeAll(applyRestFixture);

async function expectIntact(): Promise<void> {
  const [books] = await sql<{ n: number }>("select count(*)::int as n from public.conf_books");
  const [secrets] = await sql<{ secret: string }>("select secret from public.conf_secrets where id = 1");
  expect(books?.n).toBe(5);
  expect(secrets?.secret).toBe(SECRET);
}

afterAll(expectIntact);

const ATTEMPTS: [string, string][] = [
  ["select with a statement", "/conf_books?select=id);drop table conf_books;--"],
  ["select with a quoted identifier breaking out", '/conf_books?select="id"" from conf_secrets; --"'],
  ["select of a subquery", "/conf_books?select=(select secret from conf_secrets)"],
  ["a cast with SQL", "/conf_books?select=id::text);drop table conf_books;--"],
  ["a cast to an expression", "/conf_books?select=id::int or 1=1"],
  ["a JSON path with SQL", "/conf_books?select=meta->>'x'||(select secret from conf_secrets)"],
  ["a JSON key with quotes", "/conf_books?select=meta->>\"a') || (select secret from conf_secrets) || ('\""],
  ["a filter value with SQL", "/conf_books?select=id&title=eq.'; drop table conf_books; --"],
  ["a filter value with a tautology", "/conf_books?select=id&id=eq.1 or 1=1"],
  ["a filter column with SQL", '/conf_books?select=id&"id"" = 1 or ""1"=eq.1'],
  ["an in list with SQL", "/conf_books?select=id&id=in.(1);drop table conf_books;--)"],
  ["an is value with SQL", "/conf_books?select=id&price=is.null;drop table conf_books"],
  ["a logic tree with SQL", "/conf_books?select=id&or=(id.eq.1,id.eq.2);drop table conf_books;--"],
  ["an order with SQL", "/conf_books?select=id&order=id;drop table conf_books"],
  ["an order by a subquery", "/conf_books?select=id&order=(select secret from conf_secrets)"],
  ["a limit with SQL", "/conf_books?select=id&limit=1;drop table conf_books"],
  ["an embed named with SQL", "/conf_books?select=id,conf_secrets;--(secret)"],
  ["an fts configuration with SQL", "/conf_books?select=id&title=fts(english'); drop table conf_books; --).x"],
];

describe("injection attempts through the query string", () => {
  test.each(ATTEMPTS)("%s is refused or harmless", async (_label, path) => {
    const response = await rest(path);
    expect(response.status).not.toBe(500);
    expect(response.text).not.toContain(SECRET);
    if (response.status >= 400) expect(response.json).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    await expectIntact();
  });
});

describe("injection attempts through headers and bodies", () => {
  test("an Accept-Profile with SQL is 406 PGRST106", async () => {
    const response = await rest("/conf_books?select=id", { headers: { "Accept-Profile": 'public"; drop table conf_books; --' } });
    expect(response.status).toBe(406);
    expect(response.json).toMatchObject({ code: "PGRST106" });
  });

  test("column names and on_conflict with SQL are refused", async () => {
    const columns = await rest('/conf_scratch?columns=label,"qty"") values (1); drop table conf_books; --"', { method: "POST", json: [{ label: "x" }] });
    expect(columns.status).toBe(400);
    expect(columns.json).toMatchObject({ code: "PGRST100" });
    const unknownColumn = await rest('/conf_scratch?columns=label,"qty) values (1); drop table conf_books; --"', { method: "POST", json: [{ label: "x" }] });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.json).toMatchObject({ code: "PGRST204" });
    const onConflict = await rest("/conf_scratch?on_conflict=code) do nothing; drop table conf_books; --", {
      method: "POST",
      json: { label: "x" },
      headers: { Prefer: "resolution=merge-duplicates" },
    });
    expect(onConflict.status).toBe(400);
    const body = await rest("/conf_scratch", { method: "POST", json: { "label) values ('x'); drop table conf_books; --": "x" } });
    expect(body.status).toBe(400);
    expect(body.json).toMatchObject({ code: "PGRST204" });
  });

  test("RPC arguments are values, never SQL", async () => {
    const payload = "x'); drop table conf_books; select ('";
    const { data, error } = await anonClient().rpc("conf_greet", { name: payload });
    expect(error).toBeNull();
    expect(data).toBe(`hello ${payload}`);
    const viaGet = await anonClient().rpc("conf_greet", { name: "a' || (select secret from conf_secrets) || '" }, { get: true });
    expect(viaGet.data).toBe("hello a' || (select secret from conf_secrets) || '");
    const unknownArg = await rest("/rpc/conf_greet", { method: "POST", json: { 'name" text); drop table conf_books; --': "x" } });
    expect(unknownArg.status).toBe(404);
    expect(unknownArg.json).toMatchObject({ code: "PGRST202" });
  });

  test("a function name with SQL is PGRST202 or an invalid path", async () => {
    const response = await rest(`/rpc/${encodeURIComponent("conf_add(1,1); drop table conf_books; --")}`, { method: "POST", json: {} });
    expect([404, 400]).toContain(response.status);
    expect(response.text).not.toContain(SECRET);
  });
});

describe("schema cache", () => {
  test("a table created by DDL is served at once, and gone once dropped", async () => {
    const name = `conf_tmp_${crypto.randomUUID().slice(0, 8)}`;
    await sql(`create table public.${name} (id int primary key, label text); insert into public.${name} values (1, 'new'); grant select on public.${name} to anon`);
    try {
      const created = await anonClient().from(name).select("*");
      expect(created).toMatchObject({ status: 200, data: [{ id: 1, label: "new" }] });
      await sql(`alter table public.${name} add column extra int default 7`);
      const altered = await anonClient().from(name).select("extra");
      expect(altered.data).toEqual([{ extra: 7 }]);
    } finally {
      await sql(`drop table public.${name}`);
    }
    // The drop's NOTIFY reloads the cache asynchronously (as in hosted
    // PostgREST); until then the query reaches Postgres and fails with 42P01.
    await expect
      .poll(
        async () => {
          const dropped = await anonClient().from(name).select("*");
          return { status: dropped.status, code: dropped.error?.code };
        },
        { timeout: 5000 },
      )
      .toEqual({ status: 404, code: "PGRST205" });
  });
});
