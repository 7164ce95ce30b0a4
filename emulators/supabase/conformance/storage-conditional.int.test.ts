// Storage conformance: conditional requests as browsers and CDNs send them.
// GET honours If-None-Match and If-Modified-Since (If-None-Match wins when both
// are sent); HEAD is answered from the object's row and is never a 304.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuckets, uniqueBucket } from "./storage-fixtures.ts";
import { adminClient } from "./target.ts";

const admin = adminClient();
const bucket = uniqueBucket("conditional");
let url: string;
let etag: string;
let lastModified: string;

beforeAll(async () => {
  const { error } = await admin.storage.createBucket(bucket, { public: true });
  if (error) throw error;
  const upload = await admin.storage.from(bucket).upload("page.txt", "cached text");
  if (upload.error) throw upload.error;
  url = admin.storage.from(bucket).getPublicUrl("page.txt").data.publicUrl;
  const first = await fetch(url);
  etag = first.headers.get("etag")!;
  lastModified = first.headers.get("last-modified")!;
  await first.arrayBuffer();
});
afterAll(() => removeBuckets([bucket]));

describe("storage conditional requests", () => {
  it("answers 304 to a GET whose If-None-Match is the object's ETag", async () => {
    const cached = await fetch(url, { headers: { "if-none-match": etag } });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("etag")).toBe(etag);
    const stale = await fetch(url, { headers: { "if-none-match": '"0123456789abcdef0123456789abcdef"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe("cached text");
  });

  it("answers 304 to a GET not modified since the given date, 200 when it was", async () => {
    expect(Date.parse(lastModified)).not.toBeNaN();
    expect((await fetch(url, { headers: { "if-modified-since": lastModified } })).status).toBe(304);
    const hourBefore = new Date(Date.parse(lastModified) - 3600_000).toUTCString();
    const modified = await fetch(url, { headers: { "if-modified-since": hourBefore } });
    expect(modified.status).toBe(200);
    expect(await modified.text()).toBe("cached text");
    // A mismatching ETag decides even when the date alone would allow a 304.
    const both = await fetch(url, { headers: { "if-none-match": '"0123456789abcdef0123456789abcdef"', "if-modified-since": lastModified } });
    expect(both.status).toBe(200);
    await both.arrayBuffer();
  });

  it("answers HEAD with the object's headers even when the ETag matches", async () => {
    const head = await fetch(url, { method: "HEAD", headers: { "if-none-match": etag } });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String("cached text".length));
    expect(head.headers.get("etag")).toBe(etag);
  });
});
