// Order, limit/offset/range, counts with Content-Range (206/416), HEAD,
// single/maybeSingle, CSV, stripped nulls, and media type / schema negotiation.
import { beforeAll, describe, expect, test } from "vitest";
import { applyRestFixture, rest } from "./rest-fixtures.ts";
import { anonClient } from "./target.ts";

beforeAll(applyRestFixture);

const db = () => anonClient();

describe("order", () => {
  test("ascending with nulls first, descending with nulls last, several columns", async () => {
    const asc = await db().from("conf_books").select("id").order("price", { ascending: true, nullsFirst: true });
    expect(asc.data?.map((b) => b.id)).toEqual([3, 4, 1, 5, 2]);
    const desc = await db().from("conf_books").select("id").order("price", { ascending: false, nullsFirst: false });
    expect(desc.data?.map((b) => b.id)).toEqual([2, 5, 1, 4, 3]);
    const multi = await db().from("conf_books").select("id").order("author_id").order("published", { ascending: false });
    expect(multi.data?.map((b) => b.id)).toEqual([1, 4, 5, 2, 3]);
  });

  test("by a JSON path", async () => {
    const { data } = await db().from("conf_books").select("id").not("meta", "is", null).order("meta->rating", { ascending: false }).order("id");
    expect(data?.map((b) => b.id)).toEqual([1, 3, 2, 5]);
  });

  test("a malformed order is PGRST100; an unknown column 42703", async () => {
    const malformed = await rest("/conf_books?order=id.sideways");
    expect(malformed.status).toBe(400);
    expect(malformed.json).toMatchObject({ code: "PGRST100" });
    const unknown = await db().from("conf_books").select("id").order("nope");
    expect(unknown.error).toMatchObject({ code: "42703" });
  });
});

describe("ranges and counts", () => {
  test("limit and offset (range) without a count: 200 and an open Content-Range", async () => {
    const { data, status } = await db().from("conf_books").select("id").order("id").range(1, 2);
    expect(status).toBe(200);
    expect(data).toEqual([{ id: 2 }, { id: 3 }]);
    const raw = await rest("/conf_books?select=id&order=id&limit=2&offset=1");
    expect(raw.headers.get("content-range")).toBe("1-2/*");
  });

  test("count=exact on the whole table: 200 and 0-4/5", async () => {
    const { data, count, status } = await db().from("conf_books").select("id", { count: "exact" });
    expect(status).toBe(200);
    expect(count).toBe(5);
    expect(data).toHaveLength(5);
    const raw = await rest("/conf_books?select=id", { headers: { Prefer: "count=exact" } });
    expect(raw.headers.get("content-range")).toBe("0-4/5");
    expect(raw.headers.get("preference-applied")).toBe("count=exact");
  });

  test("a page smaller than the counted total is 206 Partial Content", async () => {
    const { data, count, status } = await db().from("conf_books").select("id", { count: "exact" }).order("id").range(0, 1);
    expect(status).toBe(206);
    expect(count).toBe(5);
    expect(data).toEqual([{ id: 1 }, { id: 2 }]);
    const raw = await rest("/conf_books?select=id&order=id&offset=3", { headers: { Prefer: "count=exact" } });
    expect(raw.status).toBe(206);
    expect(raw.headers.get("content-range")).toBe("3-4/5");
  });

  test("count with filters counts only matching rows; an empty result is */0", async () => {
    const { count } = await db().from("conf_books").select("id", { count: "exact" }).eq("author_id", 2);
    expect(count).toBe(2);
    const none = await rest("/conf_books?select=id&id=gt.100", { headers: { Prefer: "count=exact" } });
    expect(none.status).toBe(200);
    expect(none.headers.get("content-range")).toBe("*/0");
  });

  test("an offset past the counted total is 416 PGRST103", async () => {
    const { error, status } = await db().from("conf_books").select("id", { count: "exact" }).range(10, 12);
    expect(status).toBe(416);
    expect(error).toEqual({
      code: "PGRST103",
      details: "An offset of 10 was requested, but there are only 5 rows.",
      hint: null,
      message: "Requested range not satisfiable",
    });
    const uncounted = await db().from("conf_books").select("id").range(10, 12);
    expect(uncounted).toMatchObject({ status: 200, data: [] });
  });

  test("count=planned and count=estimated give the planner's number", async () => {
    const planned = await db().from("conf_books").select("id", { count: "planned" });
    expect(planned.error).toBeNull();
    expect(typeof planned.count).toBe("number");
    const estimated = await db().from("conf_books").select("id", { count: "estimated" });
    expect(estimated.count).toBe(5);
  });

  test("HEAD with a count: no body, the count in Content-Range", async () => {
    const { data, count, status, error } = await db().from("conf_books").select("*", { count: "exact", head: true }).eq("author_id", 1);
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toBeNull();
    expect(count).toBe(2);
  });

  test("the Range header (GET only), and limit=0", async () => {
    const ranged = await rest("/conf_books?select=id&order=id", { headers: { Range: "1-2", "Range-Unit": "items" } });
    expect(ranged.status).toBe(200);
    expect(ranged.json).toEqual([{ id: 2 }, { id: 3 }]);
    expect(ranged.headers.get("content-range")).toBe("1-2/*");
    const zero = await rest("/conf_books?select=id&limit=0");
    expect(zero.json).toEqual([]);
    expect(zero.headers.get("content-range")).toBe("*/*");
  });

  test("an inverted Range or a negative limit is 416 PGRST103", async () => {
    const inverted = await rest("/conf_books?select=id", { headers: { Range: "3-1" } });
    expect(inverted.status).toBe(416);
    expect(inverted.json).toMatchObject({ code: "PGRST103", details: "The lower boundary must be lower than or equal to the upper boundary in the Range header." });
    const negative = await rest("/conf_books?select=id&limit=-1");
    expect(negative.status).toBe(416);
    expect(negative.json).toMatchObject({ code: "PGRST103", details: "Limit should be greater than or equal to zero." });
  });
});

describe("single, maybeSingle and media types", () => {
  test("single() returns the object; zero or many rows is 406 PGRST116", async () => {
    const one = await db().from("conf_books").select("title").eq("id", 3).single();
    expect(one).toMatchObject({ status: 200, data: { title: "Kindred" }, error: null });
    const none = await db().from("conf_books").select("title").eq("id", 99).single();
    expect(none.status).toBe(406);
    expect(none.error).toEqual({
      code: "PGRST116",
      details: "The result contains 0 rows",
      hint: null,
      message: "Cannot coerce the result to a single JSON object",
    });
    const many = await db().from("conf_books").select("title").eq("author_id", 1).single();
    expect(many.error).toMatchObject({ code: "PGRST116", details: "The result contains 2 rows" });
  });

  test("maybeSingle() gives null for no row", async () => {
    const { data, error } = await db().from("conf_books").select("title").eq("id", 99).maybeSingle();
    expect(error).toBeNull();
    expect(data).toBeNull();
  });

  test("the object media type is sent with its Content-Type", async () => {
    const raw = await rest("/conf_books?select=id&id=eq.1", { headers: { Accept: "application/vnd.pgrst.object+json" } });
    expect(raw.status).toBe(200);
    expect(raw.json).toEqual({ id: 1 });
    expect(raw.headers.get("content-type")).toContain("application/vnd.pgrst.object+json");
  });

  test("csv()", async () => {
    const { data, error } = await db().from("conf_books").select("id, title").in("id", [1, 3]).order("id").csv();
    expect(error).toBeNull();
    expect(data).toBe('id,title\n1,"The Dispossessed"\n3,Kindred');
  });

  test("stripNulls() leaves out null fields", async () => {
    const { data, error } = await db().from("conf_authors").select("id, country").in("id", [3, 4]).order("id").stripNulls();
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 3, country: "US" }, { id: 4 }]);
  });

  test("a path deeper than /table or /rpc/fn is 404 PGRST125", async () => {
    const { status, json } = await rest("/conf_books/1");
    expect(status).toBe(404);
    expect(json).toEqual({ code: "PGRST125", details: null, hint: null, message: "Invalid path specified in request URL" });
  });

  test("an unavailable media type is 406 PGRST107", async () => {
    const raw = await rest("/conf_books?select=id", { headers: { Accept: "application/xml" } });
    expect(raw.status).toBe(406);
    expect(raw.json).toEqual({ code: "PGRST107", details: null, hint: null, message: "None of these media types are available: application/xml" });
  });

  test("a schema that is not exposed is 406 PGRST106", async () => {
    const { status, error } = await anonClient().schema("auth").from("users").select("id");
    expect(status).toBe(406);
    expect(error).toMatchObject({ code: "PGRST106", message: "Invalid schema: auth" });
    expect(error?.hint).toMatch(/^Only the following schemas are exposed: public/);
    // Writes name their schema with Content-Profile.
    const write = await rest("/conf_scratch", { method: "POST", json: { label: "x" }, headers: { "Content-Profile": "auth" } });
    expect(write.status).toBe(406);
    expect(write.json).toMatchObject({ code: "PGRST106", message: "Invalid schema: auth" });
    const read = await rest("/conf_books?select=id&id=eq.1", { headers: { "Accept-Profile": "public" } });
    expect(read.json).toEqual([{ id: 1 }]);
    expect(read.headers.get("content-profile")).toBe("public");
  });
});
