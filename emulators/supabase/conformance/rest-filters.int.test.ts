// Filters through supabase-js: comparison operators, pattern matching, is,
// in with quoted values, array and range operators, full-text search, match,
// not, or/and with nesting, any/all modifiers; and how bad filters fail.
import { beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, rest } from "./rest-fixtures.ts";
import { anonClient } from "./target.ts";

beforeAll(applyRestFixture);

const books = () => anonClient().from("conf_books").select("id");

async function ids(query: PromiseLike<{ data: { id: number }[] | null; error: unknown }>): Promise<number[]> {
  const { data, error } = await query;
  if (error) throw new Error(JSON.stringify(error));
  return (data ?? []).map((row) => row.id).sort((a, b) => a - b);
}

describe("comparison", () => {
  test("eq, neq, gt, gte, lt, lte", async () => {
    expect(await ids(books().eq("author_id", 1))).toEqual([1, 4]);
    expect(await ids(books().neq("author_id", 1))).toEqual([2, 3, 5]);
    expect(await ids(books().gt("pages", 300))).toEqual([1, 4]);
    expect(await ids(books().gte("pages", 304))).toEqual([1, 4]);
    expect(await ids(books().lt("pages", 264))).toEqual([2, 5]);
    expect(await ids(books().lte("price", 9.99))).toEqual([1, 4]);
    expect(await ids(books().gte("published", "1979-01-01"))).toEqual([3, 5]);
  });

  test("like and ilike with * as wildcard; match and imatch regexes", async () => {
    expect(await ids(books().like("title", "The*"))).toEqual([1, 4]);
    expect(await ids(books().ilike("title", "*CITIES*"))).toEqual([2]);
    expect(await ids(books().likeAnyOf("title", ["Kin*", "*night*"]))).toEqual([3, 5]);
    expect(await ids(books().ilikeAllOf("title", ["the*", "*darkness"]))).toEqual([4]);
    expect(await ids(books().match({ author_id: 2, pages: 165 }))).toEqual([2]);
    expect(await ids(books().filter("title", "match", "^[IK]"))).toEqual([2, 3, 5]);
    expect(await ids(books().filter("title", "imatch", "^the"))).toEqual([1, 4]);
  });

  test("is null / not null / true / false", async () => {
    expect(await ids(books().is("price", null))).toEqual([3]);
    expect(await ids(books().not("price", "is", null))).toEqual([1, 2, 4, 5]);
    expect(await ids(books().is("editor_id", null))).toEqual([5]);
    const { data } = await anonClient().from("conf_authors").select("id").filter("country", "isdistinct", "US").order("id");
    expect(data).toEqual([{ id: 2 }, { id: 4 }]);
  });

  test("in with plain and quoted values (commas and parentheses inside quotes)", async () => {
    expect(await ids(books().in("id", [2, 4, 99]))).toEqual([2, 4]);
    expect(await ids(books().in("title", ["Kindred", "If on a winter's night a traveler"]))).toEqual([3, 5]);
    expect(await ids(books().not("id", "in", "(1,2,3)"))).toEqual([4, 5]);
    const { data } = await anonClient().from("conf_authors").select("id").in("name", ["Le Guin, Ursula (x)", "Italo Calvino"]);
    expect(data).toEqual([{ id: 2 }]);
    // An empty list matches nothing.
    expect(await ids(books().in("id", []))).toEqual([]);
  });
});

describe("arrays, ranges, JSON and text search", () => {
  test("contains, containedBy, overlaps on arrays with {a,b} literals", async () => {
    expect(await ids(books().contains("tags", ["scifi"]))).toEqual([1, 3, 4]);
    expect(await ids(books().contains("tags", ["scifi", "history"]))).toEqual([3]);
    expect(await ids(books().containedBy("tags", ["scifi", "utopia", "cities", "fiction"]))).toEqual([1, 2, 4, 5]);
    expect(await ids(books().overlaps("tags", ["utopia", "cities"]))).toEqual([1, 2]);
  });

  test("jsonb containment and filters through JSON paths", async () => {
    expect(await ids(books().contains("meta", { rating: 5 }))).toEqual([1, 3]);
    expect(await ids(books().eq("meta->>rating", "4"))).toEqual([2]);
    expect(await ids(books().eq("meta->format->>cover", "paper"))).toEqual([1]);
    expect(await ids(books().gt("meta->rating", 3))).toEqual([1, 2, 3]);
  });

  test("range operators: overlaps, strictly left/right, adjacent", async () => {
    expect(await ids(books().overlaps("during", "[2020-03-01,2020-04-01)"))).toEqual([1, 4]);
    expect(await ids(books().rangeLt("during", "[2021-06-01,2021-07-01)"))).toEqual([1, 4]);
    expect(await ids(books().rangeGt("during", "[2020-01-01,2020-02-01)"))).toEqual([2]);
    expect(await ids(books().rangeAdjacent("during", "[2021-01-01,2021-06-01)"))).toEqual([1]);
    expect(await ids(books().rangeGte("during", "[2020-01-01,2020-02-01)"))).toEqual([1, 2]);
  });

  test("full-text search: fts, plain, phrase and websearch, with a configuration", async () => {
    expect(await ids(books().textSearch("title", "cities"))).toEqual([2]);
    expect(await ids(books().textSearch("title", "left & darkness", { config: "english" }))).toEqual([4]);
    expect(await ids(books().textSearch("title", "hand darkness", { type: "plain", config: "english" }))).toEqual([4]);
    expect(await ids(books().textSearch("title", "invisible cities", { type: "phrase", config: "english" }))).toEqual([2]);
    expect(await ids(books().textSearch("title", "cities invisible", { type: "phrase", config: "english" }))).toEqual([]);
    expect(await ids(books().textSearch("title", '"invisible cities" or kindred', { type: "websearch", config: "english" }))).toEqual([2, 3]);
  });

  test("any/all modifiers on eq and like", async () => {
    expect(await ids(books().filter("id", "eq(any)", "{1,3}"))).toEqual([1, 3]);
    expect(await ids(books().filter("title", "like(all)", "{*The*,*Dark*}"))).toEqual([4]);
  });
});

describe("logic trees", () => {
  test("or, nested and, not, and a column named in both", async () => {
    expect(await ids(books().or("pages.lt.200,price.is.null"))).toEqual([2, 3]);
    expect(await ids(books().or("id.eq.5,and(author_id.eq.1,pages.gt.350)"))).toEqual([1, 5]);
    expect(await ids(books().not("author_id", "eq", 1).or("tags.cs.{history},title.eq.Invisible Cities"))).toEqual([2, 3]);
    const { status, json } = await rest("/conf_books?select=id&not.or=(id.lt.3,id.gt.4)&order=id");
    expect(status).toBe(200);
    expect(json).toEqual([{ id: 3 }, { id: 4 }]);
  });

  test("or with quoted values containing commas and parentheses", async () => {
    expect(await ids(books().or('title.eq."If on a winter\'s night a traveler",title.in.("Kindred","x,y")'))).toEqual([3, 5]);
  });

  test("or on an embedded resource with referencedTable", async () => {
    const { data, error } = await anonClient()
      .from("conf_authors")
      .select("id, conf_books!author_id(id)")
      .or("pages.gt.380,pages.lt.170", { referencedTable: "conf_books" })
      .in("id", [1, 2])
      .order("id");
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 1, conf_books: [{ id: 1 }] },
      { id: 2, conf_books: [{ id: 2 }] },
    ]);
  });
});

describe("bad filters", () => {
  test("an unknown operator is PGRST100 with the position where the known prefix `eq` stops", async () => {
    const { status, json } = await rest("/conf_books?id=equals.1");
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: "PGRST100", message: '"failed to parse filter (equals.1)" (line 1, column 3)' });
  });

  test("a malformed logic tree is PGRST100", async () => {
    const { status, json } = await rest("/conf_books?or=(id.eq.1,author_id)");
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: "PGRST100" });
  });

  test("a value of the wrong type is 400 with Postgres' 22P02", async () => {
    const { status, error } = await books().eq("id", "not-a-number");
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "22P02", message: 'invalid input syntax for type integer: "not-a-number"' });
  });

  test("a filter on an unknown column is 42703", async () => {
    const { status, error } = await books().eq("nope", 1);
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "42703", message: "column conf_books.nope does not exist" });
  });
});
