// Storage conformance: image transformations (/render/image), as storage-js
// reaches them through download, getPublicUrl and createSignedUrl with a
// `transform` option. Needs a project with image transformation enabled
// (hosted Pro, or the emulator). Sizes are read from the PNG header, so the
// tests ask for `format: "origin"` where they measure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuckets, uniqueBucket } from "./storage-fixtures.ts";
import { adminClient, anonClient, target } from "./target.ts";

const admin = adminClient();
const privateBucket = uniqueBucket("render");
const publicBucket = uniqueBucket("render-public");
// A 40×20 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAJElEQVRIx2MwTjszIIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAHJ8W92jjWqJAAAAAElFTkSuQmCC",
  "base64",
);

beforeAll(async () => {
  for (const [id, isPublic] of [[privateBucket, false], [publicBucket, true]] as const) {
    const { error } = await admin.storage.createBucket(id, { public: isPublic });
    if (error) throw error;
    const upload = await admin.storage.from(id).upload("img/pic.png", PNG, { contentType: "image/png", cacheControl: "60" });
    if (upload.error) throw upload.error;
  }
  const text = await admin.storage.from(privateBucket).upload("notes.txt", "not an image", { contentType: "text/plain" });
  if (text.error) throw text.error;
});
afterAll(() => removeBuckets([privateBucket, publicBucket]));

async function pngSize(data: Blob | ArrayBuffer) {
  const bytes = Buffer.from(data instanceof Blob ? await data.arrayBuffer() : data);
  expect(bytes.subarray(1, 4).toString()).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// Hosted serves signed URLs to anyone, with no key (an <img src> sends none).
function fetchSigned(url: string) {
  return fetch(url);
}

describe("storage image transformations", () => {
  it("downloads a resized image through the caller's access: cover, contain and fill", async () => {
    const files = admin.storage.from(privateBucket);
    const cover = await files.download("img/pic.png", { transform: { width: 10, height: 10, format: "origin" } });
    expect(cover.error).toBeNull();
    expect(cover.data!.type).toBe("image/png");
    expect(await pngSize(cover.data!)).toEqual({ width: 10, height: 10 });

    const contain = await files.download("img/pic.png", { transform: { width: 10, height: 10, resize: "contain", format: "origin" } });
    expect(await pngSize(contain.data!)).toEqual({ width: 10, height: 5 });
    const fill = await files.download("img/pic.png", { transform: { width: 10, height: 30, resize: "fill", format: "origin" } });
    // Never enlarged past the source's own size.
    expect(await pngSize(fill.data!)).toEqual({ width: 10, height: 20 });
    const byWidth = await files.download("img/pic.png", { transform: { width: 20, format: "origin" } });
    expect(await pngSize(byWidth.data!)).toEqual({ width: 20, height: 10 });

    const hidden = await anonClient().storage.from(privateBucket).download("img/pic.png", { transform: { width: 10 } });
    expect(hidden.error).toMatchObject({ status: 400, statusCode: "404", message: "Object not found" });
  });

  it("answers WebP when the client accepts it, unless the original format is asked for", async () => {
    const files = admin.storage.from(publicBucket);
    const url = files.getPublicUrl("img/pic.png", { transform: { width: 10 } }).data.publicUrl;
    const webp = await fetch(url, { headers: { accept: "image/webp,image/*" } });
    expect(webp.headers.get("content-type")).toBe("image/webp");
    const bytes = Buffer.from(await webp.arrayBuffer());
    expect([bytes.subarray(0, 4).toString(), bytes.subarray(8, 12).toString()]).toEqual(["RIFF", "WEBP"]);

    const origin = files.getPublicUrl("img/pic.png", { transform: { width: 10, format: "origin" } }).data.publicUrl;
    expect((await fetch(origin, { headers: { accept: "image/webp" } })).headers.get("content-type")).toBe("image/png");
    // storage-js's download sends no such Accept header: the source's format comes back.
    expect((await files.download("img/pic.png", { transform: { width: 10 } })).data!.type).toBe("image/png");
  });

  it("serves public transformed URLs with the object's headers", async () => {
    const { publicUrl } = admin.storage.from(publicBucket).getPublicUrl("img/pic.png", {
      transform: { width: 8, height: 4, format: "origin" },
      download: "thumb.png",
    }).data;
    expect(publicUrl).toContain(`/storage/v1/render/image/public/${publicBucket}/img/pic.png?`);
    const response = await fetch(publicUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("cache-control")).toBe("max-age=60");
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get("content-disposition")).toBe("attachment; filename=thumb.png; filename*=UTF-8''thumb.png");
    const body = await response.arrayBuffer();
    expect(response.headers.get("content-length")).toBe(String(body.byteLength));
    expect(await pngSize(body)).toEqual({ width: 8, height: 4 });

    const privateUrl = admin.storage.from(privateBucket).getPublicUrl("img/pic.png", { transform: { width: 8 } }).data.publicUrl;
    const refused = await fetch(privateUrl);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ statusCode: "404", error: "Bucket not found", message: "Bucket not found" });
  });

  it("signs a render URL whose token fixes the transformation", async () => {
    const files = admin.storage.from(privateBucket);
    const { data, error } = await files.createSignedUrl("img/pic.png", 60, { transform: { width: 12, height: 6, format: "origin" } });
    expect(error).toBeNull();
    expect(data!.signedUrl).toContain(`/storage/v1/render/image/sign/${privateBucket}/img/pic.png?token=`);
    const response = await fetchSigned(data!.signedUrl);
    expect(response.status).toBe(200);
    expect(Date.parse(response.headers.get("expires") ?? "")).toBeGreaterThan(Date.now());
    expect(await pngSize(await response.arrayBuffer())).toEqual({ width: 12, height: 6 });

    // Query parameters cannot change what the token allows.
    const resized = new URL(data!.signedUrl);
    resized.searchParams.set("width", "40");
    expect(await pngSize(await (await fetchSigned(resized.toString())).arrayBuffer())).toEqual({ width: 12, height: 6 });

    // Without a transform the signed URL stays on /object/sign.
    const plain = await files.createSignedUrl("img/pic.png", 60);
    expect(plain.data!.signedUrl).toContain(`/storage/v1/object/sign/${privateBucket}/img/pic.png?token=`);
  });

  it("refuses to render what is not an image, and bad options", async () => {
    const files = admin.storage.from(privateBucket);
    const text = await files.download("notes.txt", { transform: { width: 10 } });
    expect(text.error).toMatchObject({ status: 400, statusCode: "400" });

    const t = target();
    const response = await fetch(`${t.url}/storage/v1/render/image/authenticated/${privateBucket}/img/pic.png?quality=5`, {
      headers: { apikey: t.secretKey, authorization: `Bearer ${t.secretKey}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: "400", message: "querystring/quality must be >= 20" });
  });
});
