// Storage conformance: listing (prefix, folders, limit, offset, search, sort)
// and move, copy and remove, single and bulk.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuckets, textOf, uniqueBucket } from "./storage-fixtures.ts";
import { adminClient, target } from "./target.ts";

const admin = adminClient();
const listBucket = uniqueBucket("list");
const moveBucket = uniqueBucket("move");
const otherBucket = uniqueBucket("move-other");

// Created one after another, so created_at orders them as listed here.
const LISTED = ["a.txt", "B.txt", "c/1.txt", "c/2.txt", "c/d/3.txt", "Docs/x.txt", "docs-notes.txt", "z.txt"];

beforeAll(async () => {
  for (const id of [listBucket, moveBucket, otherBucket]) {
    const { error } = await admin.storage.createBucket(id);
    if (error) throw error;
  }
  for (const name of LISTED) {
    const { error } = await admin.storage.from(listBucket).upload(name, `content of ${name}`);
    if (error) throw error;
  }
});
afterAll(() => removeBuckets([listBucket, moveBucket, otherBucket]));

async function names(path?: string, options?: Parameters<ReturnType<typeof admin.storage.from>["list"]>[1]) {
  const { data, error } = await admin.storage.from(listBucket).list(path, options);
  expect(error).toBeNull();
  return data!.map((entry) => entry.name);
}

describe("storage list", () => {
  it("lists one level, folding deeper paths into folders with null ids, in case-insensitive name order", async () => {
    const { data, error } = await admin.storage.from(listBucket).list();
    expect(error).toBeNull();
    expect(data!.map((entry) => entry.name)).toEqual(["a.txt", "B.txt", "c", "docs-notes.txt", "Docs", "z.txt"]);
    const folder = data!.find((entry) => entry.name === "c")!;
    expect(folder).toEqual({ name: "c", id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null });
    const file = data!.find((entry) => entry.name === "a.txt")!;
    expect(file.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(file.metadata).toMatchObject({ size: "content of a.txt".length, mimetype: "text/plain;charset=UTF-8" });
  });

  it("lists below a prefix, with or without its trailing slash, names relative to it", async () => {
    expect(await names("c")).toEqual(["1.txt", "2.txt", "d"]);
    expect(await names("c/")).toEqual(["1.txt", "2.txt", "d"]);
    expect(await names("c/d")).toEqual(["3.txt"]);
    expect(await names("missing")).toEqual([]);
  });

  it("pages with limit and offset", async () => {
    expect(await names("", { limit: 2 })).toEqual(["a.txt", "B.txt"]);
    expect(await names("", { limit: 2, offset: 2 })).toEqual(["c", "docs-notes.txt"]);
    expect(await names("c", { limit: 1, offset: 1 })).toEqual(["2.txt"]);
    expect(await names("", { offset: 10 })).toEqual([]);
  });

  it("searches names by a case-insensitive prefix within the level", async () => {
    expect(await names("", { search: "DO" })).toEqual(["docs-notes.txt", "Docs"]);
    expect(await names("c", { search: "2" })).toEqual(["2.txt"]);
  });

  it("sorts by name descending, and by a date column with folders first", async () => {
    expect(await names("", { sortBy: { column: "name", order: "desc" } })).toEqual([
      "z.txt",
      "Docs",
      "docs-notes.txt",
      "c",
      "B.txt",
      "a.txt",
    ]);
    expect(await names("c", { sortBy: { column: "created_at", order: "asc" } })).toEqual(["d", "1.txt", "2.txt"]);
    expect(await names("c", { sortBy: { column: "created_at", order: "desc" } })).toEqual(["d", "2.txt", "1.txt"]);
  });

  it("refuses a list request Storage's schema rejects", async () => {
    const t = target();
    const response = await fetch(`${t.url}/storage/v1/object/list/${listBucket}`, {
      method: "POST",
      headers: { apikey: t.secretKey, authorization: `Bearer ${t.secretKey}`, "content-type": "application/json" },
      body: JSON.stringify({ prefix: "", limit: 0 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: "400", message: "body/limit must be >= 1" });
  });
});

describe("storage move, copy and remove", () => {
  const files = admin.storage.from(moveBucket);

  it("moves an object, within and across buckets", async () => {
    expect((await files.upload("m/src.txt", "moving")).error).toBeNull();
    const moved = await files.move("m/src.txt", "m/dst.txt");
    expect(moved).toEqual({ data: { message: "Successfully moved" }, error: null });
    expect(await textOf(await files.download("m/dst.txt"))).toBe("moving");
    expect((await files.download("m/src.txt")).error).toMatchObject({ statusCode: "404" });

    const across = await files.move("m/dst.txt", "arrived.txt", { destinationBucket: otherBucket });
    expect(across.error).toBeNull();
    expect(await textOf(await admin.storage.from(otherBucket).download("arrived.txt"))).toBe("moving");
    expect((await files.exists("m/dst.txt")).data).toBe(false);
  });

  it("refuses to move onto an existing object or from a missing one", async () => {
    expect((await files.upload("clash/a.txt", "a")).error).toBeNull();
    expect((await files.upload("clash/b.txt", "b")).error).toBeNull();
    const clash = await files.move("clash/a.txt", "clash/b.txt");
    expect(clash.error).toMatchObject({ status: 400, statusCode: "409", message: "The resource already exists" });
    expect(await textOf(await files.download("clash/a.txt"))).toBe("a");
    expect(await textOf(await files.download("clash/b.txt"))).toBe("b");

    const missing = await files.move("clash/none.txt", "clash/c.txt");
    expect(missing.error).toMatchObject({ statusCode: "404", message: "Object not found" });
  });

  it("copies an object with its metadata, and refuses to copy onto an existing one", async () => {
    expect((await files.upload("cp/orig.json", Buffer.from("{}"), { contentType: "application/json" })).error).toBeNull();
    const copied = await files.copy("cp/orig.json", "cp/copy.json");
    expect(copied).toEqual({ data: { path: `${moveBucket}/cp/copy.json` }, error: null });
    expect(await textOf(await files.download("cp/copy.json"))).toBe("{}");
    expect((await files.info("cp/copy.json")).data).toMatchObject({ contentType: "application/json", size: 2 });
    expect(await textOf(await files.download("cp/orig.json"))).toBe("{}");

    const again = await files.copy("cp/orig.json", "cp/copy.json");
    expect(again.error).toMatchObject({ statusCode: "409", message: "The resource already exists" });
    const missing = await files.copy("cp/none.json", "cp/other.json");
    expect(missing.error).toMatchObject({ statusCode: "404", message: "Object not found" });
  });

  it("removes objects in bulk, answering with the ones it deleted", async () => {
    for (const name of ["rm/1.txt", "rm/2.txt", "rm/keep.txt"]) expect((await files.upload(name, name)).error).toBeNull();
    const { data, error } = await files.remove(["rm/1.txt", "rm/2.txt", "rm/never-existed.txt"]);
    expect(error).toBeNull();
    expect(data!.map((object) => object.name).sort()).toEqual(["rm/1.txt", "rm/2.txt"]);
    expect(data![0]).toMatchObject({ bucket_id: moveBucket, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(data![0]!.metadata).toMatchObject({ size: 8 });
    expect(await movedNames("rm")).toEqual(["keep.txt"]);
  });

  it("removes a single object by its path, and says Object not found when it is gone", async () => {
    expect((await files.upload("single/x.txt", "x")).error).toBeNull();
    const t = target();
    const remove = () =>
      fetch(`${t.url}/storage/v1/object/${moveBucket}/single/x.txt`, {
        method: "DELETE",
        headers: { apikey: t.secretKey, authorization: `Bearer ${t.secretKey}` },
      });
    const first = await remove();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ message: "Successfully deleted" });
    const second = await remove();
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ statusCode: "404", message: "Object not found" });
  });
});

async function movedNames(prefix: string) {
  const { data } = await admin.storage.from(moveBucket).list(prefix);
  return data!.map((entry) => entry.name);
}
