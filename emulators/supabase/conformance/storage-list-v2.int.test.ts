// Storage conformance: listV2 (POST /object/list-v2), the cursor-paged listing:
// byte-order names, folders only with `with_delimiter`, date sorts, cursors
// that walk every page exactly once, and RLS hiding what the caller cannot read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuckets, uniqueBucket } from "./storage-fixtures.ts";
import { adminClient, anonClient } from "./target.ts";

const admin = adminClient();
const bucket = uniqueBucket("listv2");
const files = admin.storage.from(bucket);

// Uploaded one after another, so created_at orders them as listed here.
const NAMES = ["z.txt", "a.txt", "B.txt", "c/1.txt", "c/2.txt", "c/d/3.txt", "c.txt"];

beforeAll(async () => {
  const { error } = await admin.storage.createBucket(bucket, { public: false });
  if (error) throw error;
  for (const name of NAMES) {
    const upload = await files.upload(name, `content of ${name}`);
    if (upload.error) throw upload.error;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});
afterAll(() => removeBuckets([bucket]));

type ListV2Options = Parameters<typeof files.listV2>[0];

async function listed(options?: ListV2Options) {
  const { data, error } = await files.listV2(options);
  expect(error).toBeNull();
  return data!;
}

describe("storage listV2", () => {
  it("lists every object under a prefix by full name, in byte order, without folders", async () => {
    const data = await listed();
    expect(data.hasNext).toBe(false);
    expect(data.nextCursor).toBeUndefined();
    expect(data.folders).toEqual([]);
    expect(data.objects.map((object) => object.name)).toEqual(["B.txt", "a.txt", "c.txt", "c/1.txt", "c/2.txt", "c/d/3.txt", "z.txt"]);
    expect(data.objects[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      metadata: { size: "content of B.txt".length, mimetype: "text/plain;charset=UTF-8" },
    });
    expect(Date.parse(data.objects[0]!.created_at)).not.toBeNaN();
    expect((await listed({ prefix: "c/" })).objects.map((object) => object.name)).toEqual(["c/1.txt", "c/2.txt", "c/d/3.txt"]);
    // The prefix is a plain, case-sensitive string prefix, not a folder.
    expect((await listed({ prefix: "c" })).objects).toHaveLength(4);
    expect((await listed({ prefix: "b" })).objects).toEqual([]);
  });

  it("folds deeper paths into folders with with_delimiter, keyed by their segment", async () => {
    const root = await listed({ with_delimiter: true });
    expect(root.folders).toEqual([
      { key: "c", name: "c/", id: null, updated_at: expect.any(String), created_at: expect.any(String), last_accessed_at: null, metadata: null },
    ]);
    expect(root.objects.map((object) => [object.key, object.name])).toEqual([
      ["B.txt", "B.txt"],
      ["a.txt", "a.txt"],
      ["c.txt", "c.txt"],
      ["z.txt", "z.txt"],
    ]);
    const below = await listed({ prefix: "c/", with_delimiter: true });
    expect(below.folders.map((folder) => [folder.key, folder.name])).toEqual([["d", "c/d/"]]);
    expect(below.objects.map((object) => [object.key, object.name])).toEqual([
      ["1.txt", "c/1.txt"],
      ["2.txt", "c/2.txt"],
    ]);
  });

  it("pages with limit and nextCursor, visiting each entry once", async () => {
    const pages: { folders: string[]; objects: string[] }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const data = await listed({ with_delimiter: true, limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push({ folders: data.folders.map((folder) => folder.name), objects: data.objects.map((object) => object.name) });
      if (!data.hasNext) break;
      expect(data.nextCursor).toEqual(expect.any(String));
      cursor = data.nextCursor;
    }
    expect(pages).toEqual([
      { folders: [], objects: ["B.txt", "a.txt"] },
      { folders: ["c/"], objects: ["c.txt"] },
      { folders: [], objects: ["z.txt"] },
    ]);
  });

  it("sorts by a date column or by name descending, and keeps the order across pages", async () => {
    const newest = await listed({ sortBy: { column: "created_at", order: "desc" }, limit: 3 });
    expect(newest.objects.map((object) => object.name)).toEqual(["c.txt", "c/d/3.txt", "c/2.txt"]);
    expect(newest.hasNext).toBe(true);
    const next = await listed({ cursor: newest.nextCursor! });
    expect(next.objects.map((object) => object.name)).toEqual(["c/1.txt", "B.txt", "a.txt", "z.txt"]);

    const descending = await listed({ sortBy: { column: "name", order: "desc" }, with_delimiter: true });
    expect([...descending.folders, ...descending.objects].map((entry) => entry.name)).toEqual(["c/", "z.txt", "c.txt", "a.txt", "B.txt"]);
  });

  it("refuses a cursor Storage did not make", async () => {
    const { data, error } = await files.listV2({ cursor: "bm90IGEgY3Vyc29y" });
    expect(data).toBeNull();
    expect(error).toMatchObject({ status: 400, statusCode: "400", message: "Invalid Parameter continuation token" });
  });

  it("shows anon nothing in a private bucket without a policy", async () => {
    const { data, error } = await anonClient().storage.from(bucket).listV2({ with_delimiter: true });
    expect(error).toBeNull();
    expect(data).toEqual({ hasNext: false, folders: [], objects: [] });
  });
});
