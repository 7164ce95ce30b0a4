// rpc/<fn> through supabase-js: POST with named JSON arguments, GET with query
// arguments, scalar, set and table results with filters/order/limit/embeds,
// void functions, a single unnamed json parameter, overloading by argument
// names, raised errors, response.status/headers set by the function.
import { beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, rest, sql, uniqueLabel } from "./rest-fixtures.ts";
import { anonClient } from "./target.ts";

beforeAll(applyRestFixture);

const db = () => anonClient();

describe("calling functions", () => {
  test("POST with named arguments returns a scalar", async () => {
    const { data, error, status } = await db().rpc("conf_add", { a: 2, b: 40 });
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toBe(42);
  });

  test("GET passes arguments in the query string", async () => {
    const { data, error } = await db().rpc("conf_add", { a: 1, b: 2 }, { get: true });
    expect(error).toBeNull();
    expect(data).toBe(3);
    const raw = await rest("/rpc/conf_add?a=5&b=6");
    expect(raw.json).toBe(11);
  });

  test("a set of rows can be filtered, ordered, limited and embedded from", async () => {
    const { data, error } = await db()
      .rpc("conf_books_by_author", { author: 1 })
      .select("title, pages, author:conf_authors!author_id(name)")
      .gt("pages", 300)
      .order("pages", { ascending: false });
    expect(error).toBeNull();
    expect(data).toEqual([
      { title: "The Dispossessed", pages: 387, author: { name: "Ursula Le Guin" } },
      { title: "The Left Hand of Darkness", pages: 304, author: { name: "Ursula Le Guin" } },
    ]);
    const limited = await db().rpc("conf_books_by_author", { author: 2 }).select("id").order("id").limit(1);
    expect(limited.data).toEqual([{ id: 2 }]);
  });

  test("RETURNS TABLE with a default argument; count and range on the result", async () => {
    const all = await db().rpc("conf_long_books");
    expect(all.data).toEqual([
      { title: "The Dispossessed", pages: 387 },
      { title: "Kindred", pages: 264 },
      { title: "The Left Hand of Darkness", pages: 304 },
      { title: "If on a winter's night a traveler", pages: 260 },
    ]);
    const { data, count, status } = await db().rpc("conf_long_books", { min_pages: 300 }, { count: "exact" }).range(0, 0);
    expect(status).toBe(206);
    expect(count).toBe(2);
    expect(data).toEqual([{ title: "The Dispossessed", pages: 387 }]);
  });

  test("a set of scalars is an array; one composite is an object", async () => {
    const titles = await db().rpc("conf_book_titles");
    expect(titles.data).toEqual(["The Dispossessed", "Invisible Cities", "Kindred", "The Left Hand of Darkness", "If on a winter's night a traveler"]);
    const first = await db().rpc("conf_first_book").select("id, title");
    expect(first.data).toEqual({ id: 1, title: "The Dispossessed" });
  });

  test("a void function answers 204 with no body", async () => {
    const { data, error, status } = await db().rpc("conf_noop");
    expect(error).toBeNull();
    expect(status).toBe(204);
    expect(data).toBeNull();
  });

  test("a single unnamed json parameter receives the whole body", async () => {
    const { data, error } = await db().rpc("conf_echo", { any: ["shape", 1, { x: null }] });
    expect(error).toBeNull();
    expect(data).toEqual({ any: ["shape", 1, { x: null }] });
  });

  test("overloads are told apart by argument names", async () => {
    expect((await db().rpc("conf_greet", { name: "Ada" })).data).toBe("hello Ada");
    expect((await db().rpc("conf_greet", { first: "Ada", last: "Lovelace" })).data).toBe("hello Ada Lovelace");
  });

  test("HEAD with a count", async () => {
    const { data, count, status } = await db().rpc("conf_books_by_author", { author: 1 }, { head: true, count: "exact" });
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(count).toBe(2);
  });

  test("a volatile function writes on POST; on GET the transaction is read-only (405 25006)", async () => {
    const label = uniqueLabel("rpc-write");
    const { data, error } = await db().rpc("conf_add_scratch", { label });
    expect(error).toBeNull();
    expect(typeof data).toBe("number");
    const viaGet = await db().rpc("conf_add_scratch", { label: `${label}-get` }, { get: true });
    expect(viaGet.status).toBe(405);
    expect(viaGet.error).toMatchObject({ code: "25006", message: "cannot execute INSERT in a read-only transaction" });
    expect(await sql("select label from public.conf_scratch where label like $1", [`${label}%`])).toEqual([{ label }]);
  });

  test("the function can set the response status and headers", async () => {
    const raw = await rest("/rpc/conf_accepted", { method: "POST", json: {} });
    expect(raw.status).toBe(202);
    expect(raw.headers.get("x-conf")).toBe("accepted");
    expect(raw.json).toBe("queued");
  });
});

describe("errors", () => {
  test("an unknown function is 404 PGRST202 with a suggestion", async () => {
    const { error, status } = await db().rpc("conf_ad", { a: 1, b: 2 });
    expect(status).toBe(404);
    expect(error).toEqual({
      code: "PGRST202",
      details: "Searched for the function public.conf_ad with parameters a, b or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
      hint: "Perhaps you meant to call the function public.conf_add",
      message: "Could not find the function public.conf_ad(a, b) in the schema cache",
    });
  });

  test("wrong argument names are PGRST202 too", async () => {
    const { error } = await db().rpc("conf_add", { a: 1, c: 2 });
    expect(error).toMatchObject({ code: "PGRST202", message: "Could not find the function public.conf_add(a, c) in the schema cache" });
  });

  test("RAISE in the function is 400 P0001 with its message and hint", async () => {
    const { error, status } = await db().rpc("conf_fail", { message: "nope, not today" });
    expect(status).toBe(400);
    expect(error).toEqual({ code: "P0001", details: null, hint: "raised on purpose", message: "nope, not today" });
  });

  test("RAISE SQLSTATE 'PGRST' controls status, body and headers", async () => {
    const raw = await rest("/rpc/conf_teapot", { method: "POST", json: {} });
    expect(raw.status).toBe(418);
    expect(raw.headers.get("x-teapot")).toBe("yes");
    expect(raw.json).toEqual({ code: "TEA01", details: "short and stout", hint: "tip me over", message: "I am a teapot" });
  });

  test("an argument of the wrong type is 400 22P02", async () => {
    const { error, status } = await db().rpc("conf_add", { a: "one", b: 2 });
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "22P02" });
  });

  test("PUT on rpc is 405 PGRST101", async () => {
    const raw = await rest("/rpc/conf_add", { method: "PUT", json: { a: 1, b: 2 } });
    expect(raw.status).toBe(405);
    expect(raw.json).toMatchObject({ code: "PGRST101", message: "Cannot use the PUT method on RPC" });
  });
});
