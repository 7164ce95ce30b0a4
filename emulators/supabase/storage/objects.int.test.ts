// The row/bytes invariant of writeObject against the test stack's Postgres:
// whatever happens, every committed row has its file and no file outlives its
// row — on success, on overwrite, on a refused write, and when the commit
// itself fails after the bytes were put in place.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadSupabaseConfig } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { loadKeys } from "../keys.ts";
import { BlobStore } from "./blobs.ts";
import { ANONYMOUS, STORAGE_ADMIN } from "./caller.ts";
import { objectMetadata, receivedBytes, writeObject } from "./objects.ts";

const bucket = `blobs-${crypto.randomUUID().slice(0, 8)}`;
const failingBucket = `${bucket}-fails`;
// A schema of its own, so no other test ever sees the helper function.
const helperSchema = `storage_test_${failingBucket.replace(/-/g, "_")}`;
const request = { method: "POST", path: "/object/test" };
let ctx: EmulatorContext;
let blobs: BlobStore;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "storage-blobs-"));
  const config = loadSupabaseConfig();
  const pool = new pg.Pool({ connectionString: inject("stack").dbUrl, max: 4 });
  ctx = { pool, dbUrl: inject("stack").dbUrl, config, keys: await loadKeys(config), apiUrl: "", mailboxUrl: "", dataDir, log: () => {} };
  blobs = new BlobStore(path.join(dataDir, "storage"));
  await pool.query("insert into storage.buckets (id, name) values ($1, $1), ($2, $2)", [bucket, failingBucket]);
  // A deferred constraint trigger fails the commit itself, after the bytes are in place.
  await pool.query(`
    create schema ${helperSchema};
    create function ${helperSchema}.refuse() returns trigger language plpgsql as $$
    begin raise exception 'commit refused for the test'; end $$;
    create constraint trigger ${helperSchema} after insert on storage.objects
      deferrable initially deferred for each row
      when (new.bucket_id = '${failingBucket}') execute function ${helperSchema}.refuse();`);
});

afterAll(async () => {
  await ctx.pool.query(`drop trigger if exists ${helperSchema} on storage.objects; drop schema if exists ${helperSchema} cascade;`);
  await ctx.pool.query("delete from storage.objects where bucket_id in ($1, $2)", [bucket, failingBucket]);
  await ctx.pool.query("delete from storage.buckets where id in ($1, $2)", [bucket, failingBucket]);
  await ctx.pool.end();
  await rm(dataDir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function upload(bucketId: string, name: string, text: string, options: { upsert?: boolean; anon?: boolean } = {}) {
  const blob = await blobs.receive([new TextEncoder().encode(text)], 1024);
  return writeObject(ctx, blobs, options.anon ? ANONYMOUS : STORAGE_ADMIN, request, {
    bucketId,
    name,
    bytes: receivedBytes(blobs, blob),
    metadata: objectMetadata(blob, "text/plain", "no-cache"),
    userMetadata: {},
    owner: undefined,
    upsert: options.upsert ?? false,
  });
}

async function versionsOf(bucketId: string): Promise<string[]> {
  const { rows } = await ctx.pool.query<{ version: string }>("select version from storage.objects where bucket_id = $1", [bucketId]);
  return rows.map((row) => row.version);
}

describe("writeObject keeps rows and bytes together", () => {
  it("stores one file per row, and replaces it on upsert", async () => {
    const first = await upload(bucket, "a.txt", "first");
    expect((await filesUnder(dataDir)).map((file) => path.basename(file))).toEqual([first.version]);

    const second = await upload(bucket, "a.txt", "second", { upsert: true });
    const files = await filesUnder(dataDir);
    expect(files.map((file) => path.basename(file))).toEqual([second.version]);
    expect(await readFile(files[0]!, "utf8")).toBe("second");
    expect(await versionsOf(bucket)).toEqual([second.version]);
  });

  it("leaves no bytes behind when the write is refused", async () => {
    const before = await filesUnder(dataDir);
    await expect(upload(bucket, "a.txt", "duplicate")).rejects.toMatchObject({ code: "KeyAlreadyExists" });
    await expect(upload(bucket, "b.txt", "as anon", { anon: true })).rejects.toMatchObject({ code: "42501" });
    expect(await filesUnder(dataDir)).toEqual(before);
    expect(await filesUnder(path.join(dataDir, "storage/tmp"))).toEqual([]);
  });

  it("removes the new bytes when the commit fails after they were put in place", async () => {
    const before = await filesUnder(dataDir);
    await expect(upload(failingBucket, "c.txt", "never committed")).rejects.toThrow("commit refused for the test");
    expect(await filesUnder(dataDir)).toEqual(before);
    expect(await versionsOf(failingBucket)).toEqual([]);
  });
});
