// Storage conformance: uploading (raw and multipart), overwriting, size and
// MIME limits, downloading by the authenticated and public paths, info, HEAD,
// and the object names Storage refuses.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuckets, textOf, uniqueBucket } from "./storage-fixtures.ts";
import { adminClient, anonClient, target } from "./target.ts";

const admin = adminClient();
const privateBucket = uniqueBucket("objects");
const publicBucket = uniqueBucket("objects-public");
const limitedBucket = uniqueBucket("objects-limited");

beforeAll(async () => {
  const results = await Promise.all([
    admin.storage.createBucket(privateBucket, { public: false }),
    admin.storage.createBucket(publicBucket, { public: true }),
    admin.storage.createBucket(limitedBucket, { public: false, fileSizeLimit: 10, allowedMimeTypes: ["image/*", "application/json"] }),
  ]);
  for (const { error } of results) if (error) throw error;
});
afterAll(() => removeBuckets([privateBucket, publicBucket, limitedBucket]));

async function objectRow(bucket: string, name: string) {
  const client = new pg.Client({ connectionString: target().dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select * from storage.objects where bucket_id = $1 and name = $2", [bucket, name]);
    return rows[0] as Record<string, unknown> | undefined;
  } finally {
    await client.end();
  }
}

describe("storage objects", () => {
  it("uploads a raw body and downloads it back with its attributes", async () => {
    const files = admin.storage.from(privateBucket);
    const upload = await files.upload("docs/hello.txt", "hello world", { cacheControl: "120" });
    expect(upload.error).toBeNull();
    expect(upload.data).toMatchObject({ path: "docs/hello.txt", fullPath: `${privateBucket}/docs/hello.txt` });
    expect(upload.data!.id).toMatch(/^[0-9a-f-]{36}$/);

    const download = await files.download("docs/hello.txt");
    expect(await textOf(download)).toBe("hello world");
    expect(download.data!.type).toBe("text/plain;charset=utf-8");

    const { data: info, error } = await files.info("docs/hello.txt");
    expect(error).toBeNull();
    expect(info).toMatchObject({
      id: upload.data!.id,
      name: "docs/hello.txt",
      bucketId: privateBucket,
      size: 11,
      contentType: "text/plain;charset=UTF-8",
      cacheControl: "max-age=120",
      etag: '"5eb63bbbe01eeed093cb22bb8f5acdc3"',
      metadata: {},
    });
    expect(await files.exists("docs/hello.txt")).toEqual({ data: true, error: null });
  });

  it("records the row as Storage does: owner, metadata and user metadata", async () => {
    const files = admin.storage.from(privateBucket);
    const blob = new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" });
    const { error } = await files.upload("img/pixel.png", blob, { metadata: { camera: "test" } });
    expect(error).toBeNull();
    const row = await objectRow(privateBucket, "img/pixel.png");
    expect(row).toMatchObject({
      owner: null,
      path_tokens: ["img", "pixel.png"],
      user_metadata: { camera: "test" },
      metadata: {
        eTag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
        size: 4,
        mimetype: "image/png",
        cacheControl: "max-age=3600",
        contentLength: 4,
        httpStatusCode: 200,
      },
    });
    expect(Date.parse((row!.metadata as { lastModified: string }).lastModified)).not.toBeNaN();
    expect((await files.info("img/pixel.png")).data).toMatchObject({ contentType: "image/png", metadata: { camera: "test" } });
  });

  it("refuses to overwrite without upsert, and overwrites with upsert or update", async () => {
    const files = admin.storage.from(privateBucket);
    expect((await files.upload("over/x.txt", "first")).error).toBeNull();

    const refused = await files.upload("over/x.txt", "second");
    expect(refused.data).toBeNull();
    expect(refused.error).toMatchObject({ status: 400, statusCode: "409", message: "The resource already exists" });
    expect(await textOf(await files.download("over/x.txt"))).toBe("first");

    expect((await files.upload("over/x.txt", "third", { upsert: true })).error).toBeNull();
    expect(await textOf(await files.download("over/x.txt"))).toBe("third");
    expect((await files.update("over/x.txt", "fourth")).error).toBeNull();
    expect(await textOf(await files.download("over/x.txt"))).toBe("fourth");
  });

  it("refuses an object over the bucket's size limit and writes nothing", async () => {
    const files = admin.storage.from(limitedBucket);
    const tooBig = await files.upload("big.json", Buffer.from("x".repeat(11)), { contentType: "application/json" });
    expect(tooBig.error).toMatchObject({ status: 400, statusCode: "413", message: "The object exceeded the maximum allowed size" });
    const asBlob = await files.upload("big-blob.json", new Blob(["y".repeat(11)], { type: "application/json" }));
    expect(asBlob.error).toMatchObject({ statusCode: "413" });
    expect((await files.list()).data).toEqual([]);

    const fits = await files.upload("fits.json", Buffer.from("x".repeat(10)), { contentType: "application/json" });
    expect(fits.error).toBeNull();
  });

  it("enforces the bucket's MIME allow-list, wildcards included", async () => {
    const files = admin.storage.from(limitedBucket);
    expect((await files.upload("a.png", Buffer.from("png"), { contentType: "image/png" })).error).toBeNull();
    expect((await files.upload("a.webp", new Blob(["webp"], { type: "image/webp" }))).error).toBeNull();

    const refused = await files.upload("a.txt", Buffer.from("txt"), { contentType: "text/plain" });
    expect(refused.error).toMatchObject({ status: 400, statusCode: "415", message: "mime type text/plain is not supported" });
    expect((await files.exists("a.txt")).data).toBe(false);
  });

  it("serves public buckets without auth and hides private ones from the public path", async () => {
    expect((await admin.storage.from(publicBucket).upload("pub/page.txt", "public text")).error).toBeNull();
    const { publicUrl } = admin.storage.from(publicBucket).getPublicUrl("pub/page.txt").data;
    const response = await fetch(publicUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("public text");
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get("cache-control")).toBe("max-age=3600");

    const named = admin.storage.from(publicBucket).getPublicUrl("pub/page.txt", { download: "saved.txt" }).data.publicUrl;
    expect((await fetch(named)).headers.get("content-disposition")).toBe(
      "attachment; filename=saved.txt; filename*=UTF-8''saved.txt",
    );

    expect((await admin.storage.from(privateBucket).upload("secret.txt", "secret")).error).toBeNull();
    const hidden = await fetch(admin.storage.from(privateBucket).getPublicUrl("secret.txt").data.publicUrl);
    expect(hidden.status).toBe(400);
    expect(await hidden.json()).toMatchObject({ statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
  });

  it("reads private objects only through RLS: anon without a policy sees nothing", async () => {
    expect((await admin.storage.from(privateBucket).upload("rls/only-admin.txt", "x")).error).toBeNull();
    const anon = anonClient().storage.from(privateBucket);
    const download = await anon.download("rls/only-admin.txt");
    expect(download.data).toBeNull();
    expect(download.error).toMatchObject({ status: 400, statusCode: "404", message: "Object not found" });
    expect((await anon.info("rls/only-admin.txt")).error).toMatchObject({ statusCode: "404" });
    // Anyone may read a public bucket's objects, policy or not.
    expect((await admin.storage.from(publicBucket).upload("rls/open.txt", "open")).error).toBeNull();
    expect(await textOf(await anonClient().storage.from(publicBucket).download("rls/open.txt"))).toBe("open");
  });

  it("serves the /authenticated paths only with an Authorization header", async () => {
    expect((await admin.storage.from(privateBucket).upload("auth/paths.txt", "by path")).error).toBeNull();
    const t = target();
    const base = `${t.url}/storage/v1/object`;
    const withAuth = { apikey: t.secretKey, authorization: `Bearer ${t.secretKey}` };

    const download = await fetch(`${base}/authenticated/${privateBucket}/auth/paths.txt`, { headers: withAuth });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("by path");
    const info = await fetch(`${base}/info/authenticated/${privateBucket}/auth/paths.txt`, { headers: withAuth });
    expect(await info.json()).toMatchObject({ name: "auth/paths.txt", bucket_id: privateBucket, size: 7 });
    const head = await fetch(`${base}/authenticated/${privateBucket}/auth/paths.txt`, { method: "HEAD", headers: withAuth });
    expect(head.headers.get("content-length")).toBe("7");

    const withoutAuth = await fetch(`${base}/authenticated/${privateBucket}/auth/paths.txt`, { headers: { apikey: t.publishableKey } });
    expect(withoutAuth.status).toBe(400);
    expect(await withoutAuth.json()).toMatchObject({ message: "headers must have required property 'authorization'" });
    // The plain path lets a request without a JWT through as anon, to whom a private bucket does not exist.
    const plain = await fetch(`${base}/${privateBucket}/auth/paths.txt`, { headers: { apikey: t.publishableKey } });
    expect(await plain.json()).toMatchObject({ statusCode: "404", message: "Bucket not found" });
  });

  it("answers HEAD and byte ranges, and says Object not found for a missing object", async () => {
    const files = admin.storage.from(publicBucket);
    expect((await files.upload("range.txt", "0123456789")).error).toBeNull();
    const url = files.getPublicUrl("range.txt").data.publicUrl;

    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("10");
    expect(head.headers.get("content-type")).toBe("text/plain;charset=UTF-8");

    const part = await fetch(url, { headers: { range: "bytes=2-5" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 2-5/10");
    expect(await part.text()).toBe("2345");

    const missing = await files.download("nothing-here.txt");
    expect(missing.error).toMatchObject({ status: 400, statusCode: "404", message: "Object not found" });
    const exists = await files.exists("nothing-here.txt");
    expect(exists.data).toBe(false);
  });

  it("refuses object names Storage does not accept, writing nothing", async () => {
    const files = admin.storage.from(privateBucket);
    const unicode = await files.upload("ファイル.txt", "x");
    expect(unicode.error).toMatchObject({ status: 400, statusCode: "400", message: "Invalid key: ファイル.txt" });
    // (Tabs and newlines never arrive: the URL parser strips them. Other controls are sent encoded.)
    const control = await files.upload("bell\u0007.txt", "x");
    expect(control.error).toMatchObject({ statusCode: "400", message: "Invalid key: bell\u0007.txt" });

    // The URL parser folds `..` segments away before the request leaves, so
    // this can never reach another bucket's path or the disk: it just fails.
    const climbing = await files.upload("../escape.txt", "x");
    expect(climbing.error).not.toBeNull();
    const listed = await files.list("", { search: "escape" });
    expect(listed.data).toEqual([]);
  });

  it.runIf(target().isEmulator)("refuses `..` segments sent encoded (emulator: its bytes live on a file system)", async () => {
    const t = target();
    const response = await fetch(`${t.url}/storage/v1/object/${privateBucket}/a%2F..%2F..%2Fescape.txt`, {
      method: "POST",
      headers: { apikey: t.secretKey, authorization: `Bearer ${t.secretKey}`, "content-type": "text/plain" },
      body: "x",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: "400",
      code: "InvalidKey",
      error: "InvalidKey",
      message: "Invalid key: a/../../escape.txt",
    });
    expect(await objectRow(privateBucket, "a/../../escape.txt")).toBeUndefined();
  });

  it("does not serve stored HTML as HTML", async () => {
    const files = admin.storage.from(publicBucket);
    expect((await files.upload("page.html", "<script>1</script>", { contentType: "text/html" })).error).toBeNull();
    const response = await fetch(files.getPublicUrl("page.html").data.publicUrl);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.get("x-robots-tag")).toBe("none");
  });
});
