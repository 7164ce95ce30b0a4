// The query-string grammar on its own: what each parameter parses to, and the
// PGRST100 errors malformed ones get (positions as PostgREST reports them).
import { describe, expect, test } from "vitest";
import { RestError } from "../errors.ts";
import { parseFilterValue, parseLogic } from "./filter-parser.ts";
import { negotiateMedia, parsePreferences } from "./headers.ts";
import { parseOrder } from "./order-parser.ts";
import { parseQueryParams } from "./query-params.ts";
import { parseSelect } from "./select-parser.ts";

function parseErrorOf(run: () => unknown): RestError {
  try {
    run();
  } catch (error) {
    if (error instanceof RestError) return error;
    throw error;
  }
  throw new Error("expected a parse error");
}

describe("select", () => {
  test("fields with aliases, casts, JSON paths and quoted names", () => {
    expect(parseSelect('id, full:name, n::text, data->a->>b, arr->0, "odd,name"')).toEqual([
      { kind: "field", field: { name: "id", jsonPath: [] }, alias: null, cast: null, aggregate: null, aggregateCast: null },
      { kind: "field", field: { name: "name", jsonPath: [] }, alias: "full", cast: null, aggregate: null, aggregateCast: null },
      { kind: "field", field: { name: "n", jsonPath: [] }, alias: null, cast: "text", aggregate: null, aggregateCast: null },
      {
        kind: "field",
        field: { name: "data", jsonPath: [{ arrow: "->", key: "a", isIndex: false }, { arrow: "->>", key: "b", isIndex: false }] },
        alias: null, cast: null, aggregate: null, aggregateCast: null,
      },
      { kind: "field", field: { name: "arr", jsonPath: [{ arrow: "->", key: "0", isIndex: true }] }, alias: null, cast: null, aggregate: null, aggregateCast: null },
      { kind: "field", field: { name: "odd,name", jsonPath: [] }, alias: null, cast: null, aggregate: null, aggregateCast: null },
    ]);
  });

  test("embeds with hints, join types, aliases, spreads and nesting; count stays a field", () => {
    const [, embed, spread, count] = parseSelect("*,owner:users!fk_owner!inner(id,teams(*)),...details(a),count");
    expect(embed).toMatchObject({ kind: "embed", relation: "users", alias: "owner", hint: "fk_owner", joinType: "inner", spread: false });
    expect(embed?.kind === "embed" && embed.children[1]).toMatchObject({ kind: "embed", relation: "teams" });
    expect(spread).toMatchObject({ kind: "embed", relation: "details", spread: true });
    expect(count).toMatchObject({ kind: "field", field: { name: "count" } });
    expect(parseSelect("c:count()")[0]).toMatchObject({ alias: "c", aggregate: "count" });
    expect(parseSelect("price.sum()")[0]).toMatchObject({ field: { name: "price" }, aggregate: "sum" });
  });

  test("errors carry PostgREST's message and position", () => {
    const error = parseErrorOf(() => parseSelect("id,(name"));
    expect(error.code).toBe("PGRST100");
    expect(error.message).toBe('"failed to parse select parameter (id,(name)" (line 1, column 4)');
    expect(parseErrorOf(() => parseSelect("id,users(name")).message).toContain("column 14");
  });
});

describe("filters", () => {
  test("every operator, not, quantifiers and full-text configurations", () => {
    expect(parseFilterValue("eq.5")).toEqual({ negated: false, operation: { op: "eq", quantifier: null, value: "5" } });
    expect(parseFilterValue("not.like(any).{a*,b*}")).toEqual({ negated: true, operation: { op: "like", quantifier: "any", value: "{a*,b*}" } });
    expect(parseFilterValue("gte.2024-01-01")).toMatchObject({ operation: { op: "gte" } });
    expect(parseFilterValue("cs.{a,b}").operation).toEqual({ op: "cs", value: "{a,b}" });
    expect(parseFilterValue("is.NULL").operation).toEqual({ op: "is", value: "null" });
    expect(parseFilterValue("isdistinct.x").operation).toEqual({ op: "isdistinct", value: "x" });
    expect(parseFilterValue("wfts(english).a b").operation).toEqual({ op: "wfts", language: "english", value: "a b" });
    expect(parseFilterValue("eq.a.b.c").operation).toMatchObject({ value: "a.b.c" });
  });

  test("in lists with quoted values", () => {
    expect(parseFilterValue('in.(1,"a,b","q\\"uote",plain text)').operation).toEqual({ op: "in", values: ["1", "a,b", 'q"uote', "plain text"] });
    // As in PostgREST, a quote only starts a quoted value right after the comma.
    expect(parseFilterValue('in.(1, "a,b")').operation).toEqual({ op: "in", values: ["1", ' "a', 'b"'] });
    expect(parseFilterValue("in.()").operation).toEqual({ op: "in", values: [""] });
  });

  test("an unknown operator or is-value is PGRST100", () => {
    expect(parseErrorOf(() => parseFilterValue("equals.1")).message).toBe('"failed to parse filter (equals.1)" (line 1, column 3)');
    expect(parseErrorOf(() => parseFilterValue("is.maybe")).details).toContain("isVal");
    expect(parseErrorOf(() => parseFilterValue("in.(1,2")).code).toBe("PGRST100");
  });

  test("logic trees nest, negate, and keep quoted and {array} values whole", () => {
    const { path, tree } = parseLogic("books.not.or", '(a.eq.1,and(b.cs.{x,y},c.eq."p,q"),not.and(d.is.null,e.in.(1,2)))');
    expect(path).toEqual(["books"]);
    expect(tree).toMatchObject({ kind: "expr", negated: true, operator: "or" });
    const children = tree.kind === "expr" ? tree.children : [];
    expect(children[1]).toMatchObject({
      kind: "expr",
      operator: "and",
      children: [
        { kind: "filter", filter: { field: { name: "b" }, operation: { op: "cs", value: "{x,y}" } } },
        { kind: "filter", filter: { field: { name: "c" }, operation: { op: "eq", value: "p,q" } } },
      ],
    });
    expect(children[2]).toMatchObject({ kind: "expr", negated: true, operator: "and" });
    expect(parseErrorOf(() => parseLogic("or", "(a.eq.1,b)")).code).toBe("PGRST100");
  });
});

describe("order", () => {
  test("directions, nulls, JSON paths and related columns", () => {
    expect(parseOrder("a.desc.nullslast,b,data->>k.asc,author(name).desc")).toEqual([
      { relation: null, field: { name: "a", jsonPath: [] }, direction: "desc", nulls: "last" },
      { relation: null, field: { name: "b", jsonPath: [] }, direction: null, nulls: null },
      { relation: null, field: { name: "data", jsonPath: [{ arrow: "->>", key: "k", isIndex: false }] }, direction: "asc", nulls: null },
      { relation: "author", field: { name: "name", jsonPath: [] }, direction: "desc", nulls: null },
    ]);
    expect(parseErrorOf(() => parseOrder("a.sideways")).code).toBe("PGRST100");
  });
});

describe("query string", () => {
  test("sorts parameters into select, filters by embed path, orders, limits, logic and reserved ones", () => {
    const q = parseQueryParams(
      "select=id,books(id)&id=gt.1&books.title=like.A*&books.order=id.desc&books.limit=2&limit=10&offset=5&or=(a.eq.1,b.eq.2)&columns=a,b&on_conflict=id&apikey=k&flag",
      false,
    );
    expect(q.filters).toEqual([
      { path: [], filter: { field: { name: "id", jsonPath: [] }, negated: false, operation: { op: "gt", quantifier: null, value: "1" } } },
      { path: ["books"], filter: { field: { name: "title", jsonPath: [] }, negated: false, operation: { op: "like", quantifier: null, value: "A*" } } },
    ]);
    expect(q.order).toMatchObject([{ path: ["books"] }]);
    expect(Object.fromEntries(q.limits)).toEqual({ books: { limit: 2, offset: null }, "": { limit: 10, offset: 5 } });
    expect(q.logic).toHaveLength(1);
    expect(q.columns).toEqual(["a", "b"]);
    expect(q.onConflict).toEqual(["id"]);
  });

  test("for GET /rpc, values without an operator are arguments", () => {
    const q = parseQueryParams("a=1&b=hello%20world&c=eq.3", true);
    expect(Object.fromEntries(q.rpcArgs)).toEqual({ a: "1", b: "hello world" });
    expect(q.filters).toHaveLength(1);
  });
});

describe("headers", () => {
  test("Prefer: the first value of each kind wins; unknown ones are refused only with handling=strict", () => {
    const prefs = parsePreferences("return=representation, count=exact, count=planned,missing=default, bogus");
    expect(prefs).toMatchObject({ return: "representation", count: "exact", missing: "default", invalid: ["bogus"] });
    expect(parseErrorOf(() => parsePreferences("handling=strict, bogus")).code).toBe("PGRST122");
  });

  test("Accept: picks the first available type by quality, or 406 PGRST107", () => {
    expect(negotiateMedia(undefined)).toEqual({ kind: "json", stripNulls: false });
    expect(negotiateMedia("application/vnd.pgrst.object+json;nulls=stripped")).toEqual({ kind: "object", stripNulls: true });
    expect(negotiateMedia("text/html;q=0.9, text/csv")).toEqual({ kind: "csv" });
    expect(parseErrorOf(() => negotiateMedia("text/html")).code).toBe("PGRST107");
  });
});
