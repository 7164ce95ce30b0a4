// Storage conformance: buckets (create, get, list, update, empty, delete), the
// RLS on storage.buckets, and Storage's error shapes for bad input.
import { afterAll, describe, expect, it } from "vitest";
import { removeBuckets, uniqueBucket } from "./storage-fixtures.ts";
import { adminClient, anonClient, target } from "./target.ts";

const created: string[] = [];
afterAll(() => removeBuckets(created));

async function createBucket(label: string, options: Parameters<ReturnType<typeof adminClient>["storage"]["createBucket"]>[1] = { public: false }) {
  const id = uniqueBucket(label);
  const { data, error } = await adminClient().storage.createBucket(id, options);
  expect(error).toBeNull();
  expect(data).toEqual({ name: id });
  created.push(id);
  return id;
}

describe("storage buckets", () => {
  it("creates a bucket with its options, and gets and lists it", async () => {
    const id = await createBucket("opts", { public: true, fileSizeLimit: "1MB", allowedMimeTypes: ["image/png", "text/*"] });
    const admin = adminClient();

    const { data: bucket, error } = await admin.storage.getBucket(id);
    expect(error).toBeNull();
    expect(bucket).toMatchObject({
      id,
      name: id,
      public: true,
      file_size_limit: 1_000_000,
      allowed_mime_types: ["image/png", "text/*"],
    });
    expect(Date.parse(bucket!.created_at)).not.toBeNaN();

    const { data: listed } = await admin.storage.listBuckets({ search: id });
    expect(listed).toHaveLength(1);
    expect(listed![0]).toMatchObject({ id, name: id, public: true, type: "STANDARD", file_size_limit: 1_000_000 });
  });

  it("updates public, the size limit and the MIME allow-list", async () => {
    const id = await createBucket("update");
    const admin = adminClient();
    const { data, error } = await admin.storage.updateBucket(id, {
      public: true,
      fileSizeLimit: 2048,
      allowedMimeTypes: ["application/json"],
    });
    expect(error).toBeNull();
    expect(data).toEqual({ message: "Successfully updated" });
    const { data: bucket } = await admin.storage.getBucket(id);
    expect(bucket).toMatchObject({ public: true, file_size_limit: 2048, allowed_mime_types: ["application/json"] });

    const missing = await admin.storage.updateBucket(uniqueBucket("missing"), { public: true });
    expect(missing.error).toMatchObject({ status: 400, statusCode: "404", message: "Bucket not found" });
  });

  it("refuses a second bucket with the same id", async () => {
    const id = await createBucket("dup");
    const { data, error } = await adminClient().storage.createBucket(id);
    expect(data).toBeNull();
    expect(error).toMatchObject({ status: 400, statusCode: "409", message: "The resource already exists" });
  });

  it("refuses invalid bucket names, limits and MIME types, writing nothing", async () => {
    const admin = adminClient();
    for (const name of [" leading-space", "has#hash", "x".repeat(101)]) {
      const { error } = await admin.storage.createBucket(name);
      expect(error, name).toMatchObject({ status: 400, statusCode: "400", message: "Bucket name invalid" });
    }
    const tooLarge = uniqueBucket("huge");
    const size = await admin.storage.createBucket(tooLarge, { public: false, fileSizeLimit: "900GB" });
    expect(size.error).toMatchObject({ statusCode: "413", message: "The object exceeded the maximum allowed size" });
    const badMime = uniqueBucket("mime");
    const mime = await admin.storage.createBucket(badMime, { public: false, allowedMimeTypes: ["not a mime type"] });
    expect(mime.error).toMatchObject({ statusCode: "415", message: "mime type not a mime type is not supported" });

    for (const id of [tooLarge, badMime]) {
      const { error } = await admin.storage.getBucket(id);
      expect(error).toMatchObject({ statusCode: "404" });
    }
  });

  it("answers Bucket not found for a bucket that does not exist", async () => {
    const { data, error } = await adminClient().storage.getBucket(uniqueBucket("nope"));
    expect(data).toBeNull();
    expect(error).toMatchObject({ status: 400, statusCode: "404", message: "Bucket not found" });
  });

  it("lets RLS on storage.buckets stop anon from creating, seeing or deleting buckets", async () => {
    const anon = anonClient();
    const id = uniqueBucket("anon");
    const create = await anon.storage.createBucket(id);
    expect(create.error).toMatchObject({ status: 400, statusCode: "403", message: "new row violates row-level security policy" });
    expect((await adminClient().storage.getBucket(id)).error).toMatchObject({ statusCode: "404" });

    const existing = await createBucket("hidden");
    expect((await anon.storage.getBucket(existing)).error).toMatchObject({ statusCode: "404" });
    const { data: listed, error } = await anon.storage.listBuckets();
    expect(error).toBeNull();
    expect(listed!.map((bucket) => bucket.id)).not.toContain(existing);
    expect((await anon.storage.deleteBucket(existing)).error).toMatchObject({ statusCode: "404" });
    expect((await adminClient().storage.getBucket(existing)).error).toBeNull();
  });

  it("refuses to delete a bucket that still holds objects, and deletes it once emptied", async () => {
    const id = await createBucket("nonempty");
    const admin = adminClient();
    expect((await admin.storage.from(id).upload("a/b.txt", "hello")).error).toBeNull();

    const refused = await admin.storage.deleteBucket(id);
    expect(refused.error).toMatchObject({
      status: 400,
      statusCode: "409",
      message: "The bucket you tried to delete is not empty",
    });

    const emptied = await admin.storage.emptyBucket(id);
    expect(emptied.data).toEqual({ message: "Empty bucket has been queued. Completion may take up to an hour." });
    // Hosted Storage empties in the background; the emulator before answering.
    await expect.poll(async () => (await admin.storage.deleteBucket(id)).error?.message ?? "deleted", { timeout: 15_000 }).toBe("deleted");
    expect((await admin.storage.getBucket(id)).error).toMatchObject({ statusCode: "404" });
  });

  it("lets only the service role empty a bucket", async () => {
    const id = await createBucket("empty-role");
    const { error } = await anonClient().storage.emptyBucket(id);
    expect(error).toMatchObject({ status: 403, statusCode: "403", message: "Access denied: Invalid role" });
  });

  it("requires an Authorization header on bucket routes", async () => {
    const t = target();
    const response = await fetch(`${t.url}/storage/v1/bucket`, { headers: { apikey: t.publishableKey } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      statusCode: "400",
      message: "headers must have required property 'authorization'",
    });
  });
});
