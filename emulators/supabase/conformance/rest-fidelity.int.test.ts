// Details a client observes where hosted Supabase's PostgREST (v12/13) is
// specific: EXPLAIN is disabled, PGRST100 messages carry Parsec's positions,
// max-affected applies to updates, deletes and calls only, body-less writes
// carry no Content-Type, and errors name their code in Proxy-Status.
import { beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, rest, uniqueLabel } from "./rest-fixtures.ts";
import { anonClient } from "./target.ts";

beforeAll(applyRestFixture);

const db = () => anonClient();

describe("explain()", () => {
  test("is 406 PGRST107 naming the plan media type, since hosted runs with db-plan-enabled off", async () => {
    const { data, error, status } = await db().from("conf_books").select("id").explain({ analyze: true, verbose: true });
    expect(data).toBeNull();
    expect(status).toBe(406);
    expect(error).toEqual({
      code: "PGRST107",
      details: null,
      hint: null,
      message: 'None of these media types are available: application/vnd.pgrst.plan+text; for="application/json"; options=analyze|verbose',
    });
  });

  test("without options, in JSON, for a single object", async () => {
    // What .single() sends; its builder no longer offers explain().
    const single = db().from("conf_books").select("id").eq("id", 1).setHeader("Accept", "application/vnd.pgrst.object+json");
    const { error, status } = await single.explain({ format: "json" });
    expect(status).toBe(406);
    expect(error?.message).toBe('None of these media types are available: application/vnd.pgrst.plan+json; for="application/vnd.pgrst.object+json"');
  });
});

describe("PGRST100 messages", () => {
  test("a value without an operator expects `not` or an operator (PostgREST's own spec)", async () => {
    const { status, json } = await rest("/conf_books?id=0");
    expect(status).toBe(400);
    expect(json).toEqual({
      code: "PGRST100",
      details: 'unexpected "0" expecting "not" or operator (eq, gt, ...)',
      hint: null,
      message: '"failed to parse filter (0)" (line 1, column 1)',
    });
  });

  test("an unknown operator fails where the longest known prefix stops", async () => {
    const { status, error } = await db().from("conf_books").select("id").filter("id", "equals", 1);
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "PGRST100", message: '"failed to parse filter (equals.1)" (line 1, column 3)', details: 'unexpected "u" expecting operator (eq, gt, ...)' });
    const negated = await rest("/conf_books?id=not.nope.1");
    expect(negated.json).toMatchObject({ message: '"failed to parse filter (not.nope.1)" (line 1, column 5)', details: 'unexpected "n" expecting operator (eq, gt, ...)' });
  });

  test("a malformed logic tree names only the parameter's value", async () => {
    const empty = await rest("/conf_books?or=()");
    expect(empty.status).toBe(400);
    expect(empty.json).toEqual({
      code: "PGRST100",
      details: 'unexpected ")" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)',
      hint: null,
      message: '"failed to parse logic tree (())" (line 1, column 4)',
    });
    const list = await db().from("conf_books").select("id").or("id.in.1,2,id.eq.3");
    expect(list.error).toMatchObject({ message: '"failed to parse logic tree ((id.in.1,2,id.eq.3))" (line 1, column 10)', details: 'unexpected "1" expecting "("' });
  });

  test("a malformed order: Parsec's position and quoting", async () => {
    const trailing = await rest("/conf_books?order=id.asc.nullslasttt");
    expect(trailing.json).toEqual({
      code: "PGRST100",
      details: "unexpected 't' expecting \",\" or end of input",
      hint: null,
      message: '"failed to parse order (id.asc.nullslasttt)" (line 1, column 17)',
    });
    const direction = await rest("/conf_books?order=id.ac");
    expect(direction.json).toMatchObject({
      details: 'unexpected "c" expecting "asc", "desc", "nullsfirst" or "nullslast"',
      message: '"failed to parse order (id.ac)" (line 1, column 4)',
    });
    const nulls = await rest("/conf_books?order=id.descc");
    expect(nulls.json).toMatchObject({ details: "unexpected 'c' expecting delimiter (.), \",\" or end of input" });
  });

  test("a full-text configuration must be an identifier", async () => {
    const { status, json } = await rest("/conf_books?title=fts().x");
    expect(status).toBe(400);
    expect(json).toMatchObject({ message: '"failed to parse filter (fts().x)" (line 1, column 5)', details: 'unexpected ")" expecting operator (eq, gt, ...)' });
  });
});

describe("max-affected", () => {
  const strict = (n: number) => ({ Prefer: `handling=strict, max-affected=${n}` });

  test("does not limit inserts, and is not echoed for them", async () => {
    const label = uniqueLabel("max-ins");
    const raw = await rest("/conf_scratch", { method: "POST", json: [{ label }, { label }], headers: strict(1) });
    expect(raw.status).toBe(201);
    expect(raw.headers.get("preference-applied")).toBe("handling=strict");
  });

  test("is echoed for deletes within the limit", async () => {
    const label = uniqueLabel("max-del");
    await db().from("conf_scratch").insert([{ label }, { label }]);
    const raw = await rest(`/conf_scratch?label=eq.${label}`, { method: "DELETE", headers: strict(2) });
    expect(raw.status).toBe(204);
    expect(raw.headers.get("preference-applied")).toBe("handling=strict, max-affected=2");
  });

  test("limits the rows a function returns, even a read-only one", async () => {
    const over = await rest("/rpc/conf_book_titles", { headers: strict(2) });
    expect(over.status).toBe(400);
    expect(over.json).toEqual({ code: "PGRST124", details: "The query affects 5 rows", hint: null, message: "Query result exceeds max-affected preference constraint" });
    const within = await rest("/rpc/conf_book_titles", { headers: strict(5) });
    expect(within.status).toBe(200);
    expect(within.headers.get("preference-applied")).toBe("handling=strict, max-affected=5");
  });

  test("is not echoed on reads", async () => {
    const raw = await rest("/conf_books?select=id", { headers: strict(1) });
    expect(raw.status).toBe(200);
    expect(raw.headers.get("preference-applied")).toBe("handling=strict");
  });
});

describe("body-less responses", () => {
  test("a minimal insert has no Content-Type and an empty body", async () => {
    const raw = await rest("/conf_scratch", { method: "POST", json: { label: uniqueLabel("min-ct") } });
    expect(raw.status).toBe(201);
    expect(raw.headers.get("content-type")).toBeNull();
    expect(raw.headers.get("content-length")).toBe("0");
    expect(raw.text).toBe("");
  });
});

describe("Proxy-Status", () => {
  test("every error response names its code, whether PostgREST's or Postgres'", async () => {
    const parse = await rest("/conf_books?id=0");
    expect(parse.headers.get("proxy-status")).toBe("PostgREST; error=PGRST100");
    const missing = await rest("/conf_bookz");
    expect(missing.headers.get("proxy-status")).toBe("PostgREST; error=PGRST205");
    const typed = await rest("/conf_books?id=eq.x");
    expect(typed.status).toBe(400);
    expect(typed.headers.get("proxy-status")).toBe("PostgREST; error=22P02");
    const denied = await rest("/conf_notes?select=id");
    expect(denied.status).toBe(401);
    expect(denied.headers.get("proxy-status")).toBe("PostgREST; error=42501");
  });

  test("a successful response has none", async () => {
    const ok = await rest("/conf_books?select=id&id=eq.1");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("proxy-status")).toBeNull();
  });
});
