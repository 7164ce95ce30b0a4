// The `select` parameter through supabase-js: columns, renaming, casts, JSON
// paths, and embedded resources (many-to-one, one-to-many, many-to-many,
// one-to-one, !inner, hints, aliases, nesting, count, spreads).
import { beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, rest } from "./rest-fixtures.ts";
import { anonClient } from "./target.ts";

beforeAll(applyRestFixture);

const db = () => anonClient();

describe("columns", () => {
  test("* returns every column with JSON types: numbers, dates as ISO text, arrays, jsonb", async () => {
    const { data, error, status } = await db().from("conf_books").select("*").eq("id", 1).single();
    expect(error).toBeNull();
    expect(status).toBe(200);
    const { during, ...rest } = data as Record<string, unknown>;
    expect(during).toMatch(/^\["2020-01-01 .*","2021-01-01 .*"\)$/);
    expect(rest).toEqual({
      id: 1,
      title: "The Dispossessed",
      author_id: 1,
      editor_id: 2,
      published: "1974-05-01",
      pages: 387,
      price: 9.99,
      tags: ["scifi", "utopia"],
      meta: { rating: 5, format: { cover: "paper" } },
    });
  });

  test("renaming, casts and JSON paths (-> keeps JSON, ->> gives text, the last key names the field)", async () => {
    const { data, error } = await db()
      .from("conf_books")
      .select("name:title, pages::text, rating:meta->rating, meta->format->>cover, price::int")
      .in("id", [1, 2])
      .order("id");
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: "The Dispossessed", pages: "387", rating: 5, cover: "paper", price: 10 },
      { name: "Invisible Cities", pages: "165", rating: 4, cover: "hard", price: 13 },
    ]);
  });

  test("JSON array indexes and quoted names", async () => {
    const { data, error } = await db().from("conf_books").select('first_tag:tags->0, "title"').eq("id", 2).single();
    expect(error).toBeNull();
    expect(data).toEqual({ first_tag: "fiction", title: "Invisible Cities" });
  });

  test("a computed field (a function of the row) is selected, filtered and ordered like a column", async () => {
    const { data, error } = await db().from("conf_books").select("id, conf_label").like("conf_label", "*(2*").order("conf_label");
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 5, conf_label: "If on a winter's night a traveler (260p)" },
      { id: 3, conf_label: "Kindred (264p)" },
    ]);
  });

  test("an unknown column is 400 with Postgres' 42703 error", async () => {
    const { data, error, status } = await db().from("conf_books").select("id, nope");
    expect(data).toBeNull();
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: "42703", message: "column conf_books.nope does not exist" });
  });

  test("an unknown cast type is 400 (42704); a malformed select is PGRST100", async () => {
    const cast = await db().from("conf_books").select("id::nosuchtype");
    expect(cast.status).toBe(400);
    expect(cast.error).toMatchObject({ code: "42704", message: 'type "nosuchtype" does not exist' });
    const malformed = await rest("/conf_books?select=id,(title");
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ code: "PGRST100", message: expect.stringContaining("failed to parse select parameter (id,(title)") });
  });

  test("an unknown table is 404 PGRST205 with a suggestion", async () => {
    const { error, status } = await db().from("conf_bookz").select("*");
    expect(status).toBe(404);
    expect(error).toEqual({
      code: "PGRST205",
      details: null,
      hint: "Perhaps you meant the table 'public.conf_books'",
      message: "Could not find the table 'public.conf_bookz' in the schema cache",
    });
  });
});

describe("embedded resources", () => {
  test("many-to-one by table name needs a hint when two keys point at the same table (300 PGRST201)", async () => {
    const { error, status } = await db().from("conf_books").select("title, conf_authors(name)");
    expect(status).toBe(300);
    expect(error?.code).toBe("PGRST201");
    expect(error?.hint).toBe(
      "Try changing 'conf_authors' to one of the following: 'conf_authors!conf_books_author_id_fkey', 'conf_authors!conf_books_editor_fkey'. Find the desired relationship in the 'details' key.",
    );
    expect(error?.details).toEqual(
      expect.arrayContaining([
        { cardinality: "many-to-one", embedding: "conf_books with conf_authors", relationship: "conf_books_editor_fkey using conf_books(editor_id) and conf_authors(id)" },
      ]),
    );
  });

  test("many-to-one with a constraint hint, a column hint, and an FK-column target, each aliased", async () => {
    const { data, error } = await db()
      .from("conf_books")
      .select("title, author:conf_authors!conf_books_author_id_fkey(name), editor:conf_authors!editor_id(name), editor_id(country)")
      .eq("id", 2)
      .single();
    expect(error).toBeNull();
    expect(data).toEqual({
      title: "Invisible Cities",
      author: { name: "Italo Calvino" },
      editor: { name: "Ursula Le Guin" },
      editor_id: { country: "US" },
    });
  });

  test("a missing to-one match embeds null", async () => {
    const { data } = await db().from("conf_books").select("id, editor:conf_authors!editor_id(name)").eq("id", 5).single();
    expect(data).toEqual({ id: 5, editor: null });
  });

  test("one-to-many with the embed's own order and limit, nested many-to-many", async () => {
    const { data, error } = await db()
      .from("conf_authors")
      .select("name, books:conf_books!author_id(title, conf_genres(name))")
      .eq("id", 1)
      .order("published", { referencedTable: "books", ascending: false })
      .limit(1, { referencedTable: "books" })
      .single();
    expect(error).toBeNull();
    expect(data).toEqual({ name: "Ursula Le Guin", books: [{ title: "The Dispossessed", conf_genres: [{ name: "science fiction" }] }] });
  });

  test("one-to-one embeds an object from both sides", async () => {
    const { data } = await db().from("conf_books").select("id, conf_covers(color)").in("id", [1, 3]).order("id");
    expect(data).toEqual([
      { id: 1, conf_covers: { color: "red" } },
      { id: 3, conf_covers: null },
    ]);
    const back = await db().from("conf_covers").select("color, conf_books(title)").eq("book_id", 2).single();
    expect(back.data).toEqual({ color: "blue", conf_books: { title: "Invisible Cities" } });
  });

  test("!inner drops parents without a match; filters on the embed then filter the parents", async () => {
    const { data, error } = await db()
      .from("conf_books")
      .select("title, conf_genres!inner(name)")
      .eq("conf_genres.name", "historical");
    expect(error).toBeNull();
    expect(data).toEqual([{ title: "Kindred", conf_genres: [{ name: "historical" }] }]);
  });

  test("without !inner a filter on the embed only filters the embedded rows", async () => {
    const { data } = await db().from("conf_books").select("id, conf_genres(name)").eq("conf_genres.name", "historical").order("id").limit(3);
    expect(data).toEqual([
      { id: 1, conf_genres: [] },
      { id: 2, conf_genres: [] },
      { id: 3, conf_genres: [{ name: "historical" }] },
    ]);
  });

  test("an embed can be filtered on being null or not (embed=is.null)", async () => {
    const { data } = await db().from("conf_books").select("id, conf_covers(color)").is("conf_covers", null).order("id");
    expect(data?.map((b) => b.id)).toEqual([3, 4, 5]);
    const notNull = await db().from("conf_books").select("id, conf_covers()").not("conf_covers", "is", null).order("id");
    expect(notNull.data).toEqual([{ id: 1 }, { id: 2 }]);
  });

  test("count in an embed", async () => {
    const { data, error } = await db().from("conf_authors").select("name, conf_books!author_id(count)").in("id", [1, 4]).order("id");
    expect(error).toBeNull();
    expect(data).toEqual([
      { name: "Ursula Le Guin", conf_books: [{ count: 2 }] },
      { name: "Nobody Yet", conf_books: [{ count: 0 }] },
    ]);
  });

  test("a to-one spread lifts the embed's columns into the row", async () => {
    const { data, error } = await db().from("conf_books").select("title, ...conf_authors!author_id(author:name, country)").eq("id", 3).single();
    expect(error).toBeNull();
    expect(data).toEqual({ title: "Kindred", author: "Octavia Butler", country: "US" });
  });

  test("a to-many spread lifts each column as an array", async () => {
    const { data, error } = await db().from("conf_authors").select("name, ...conf_books!author_id(titles:title)").eq("id", 2).single();
    expect(error).toBeNull();
    expect((data as unknown as { titles: string[] }).titles.sort()).toEqual(["If on a winter's night a traveler", "Invisible Cities"]);
  });

  test("a view is read like a table", async () => {
    const { data, error } = await db().from("conf_long_reads").select("title").order("pages", { ascending: false });
    expect(error).toBeNull();
    expect(data).toEqual([{ title: "The Dispossessed" }, { title: "The Left Hand of Darkness" }]);
  });

  test("embeds work through views: from a view, into a view, and many-to-many", async () => {
    const fromView = await db().from("conf_long_reads").select("title, conf_covers(color), conf_genres(name)").order("id");
    expect(fromView.error).toBeNull();
    expect(fromView.data).toEqual([
      { title: "The Dispossessed", conf_covers: { color: "red" }, conf_genres: [{ name: "science fiction" }] },
      { title: "The Left Hand of Darkness", conf_covers: null, conf_genres: [{ name: "science fiction" }] },
    ]);
    const intoView = await db().from("conf_covers").select("color, conf_long_reads(title)").order("book_id");
    expect(intoView.data).toEqual([
      { color: "red", conf_long_reads: { title: "The Dispossessed" } },
      { color: "blue", conf_long_reads: null },
    ]);
  });

  test("no relationship is 400 PGRST200 with PostgREST's message and details", async () => {
    const { error, status } = await db().from("conf_books").select("title, conf_secrets(*)");
    expect(status).toBe(400);
    expect(error).toMatchObject({
      code: "PGRST200",
      message: "Could not find a relationship between 'conf_books' and 'conf_secrets' in the schema cache",
      details: "Searched for a foreign key relationship between 'conf_books' and 'conf_secrets' in the schema 'public', but no matches were found.",
    });
  });

  test("ordering by a to-one embed's column, and refusing a to-many one (PGRST118)", async () => {
    const { data, error } = await db()
      .from("conf_books")
      .select("title, author:conf_authors!author_id(name)")
      .in("id", [1, 2, 3])
      .order("author(name)", { ascending: false });
    expect(error).toBeNull();
    const rows = data as unknown as { author: { name: string } | null }[];
    expect(rows.map((b) => b.author?.name)).toEqual(["Ursula Le Guin", "Octavia Butler", "Italo Calvino"]);
    const toMany = await rest("/conf_authors?select=name,conf_books!author_id(title)&order=conf_books(title)");
    expect(toMany.status).toBe(400);
    expect(toMany.json).toMatchObject({ code: "PGRST118" });
  });

  test("a filter path that names no embed is PGRST108", async () => {
    const { status, json } = await rest("/conf_books?select=title&conf_authors.name=eq.x");
    expect(status).toBe(400);
    expect(json).toEqual({
      code: "PGRST108",
      details: null,
      hint: "Verify that 'conf_authors' is included in the 'select' query parameter.",
      message: "'conf_authors' is not an embedded resource in this request",
    });
  });
});
