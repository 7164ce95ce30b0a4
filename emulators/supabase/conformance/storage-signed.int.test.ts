// Storage conformance: signed download URLs (single, batch, download names,
// expiry, tampering) and signed upload URLs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeBuckets, textOf, uniqueBucket } from "./storage-fixtures.ts";
import { adminClient, anonClient } from "./target.ts";

const admin = adminClient();
const bucket = uniqueBucket("signed");
const files = admin.storage.from(bucket);

beforeAll(async () => {
  const { error } = await admin.storage.createBucket(bucket, { public: false });
  if (error) throw error;
  for (const name of ["docs/a.txt", "docs/b.txt"]) {
    const upload = await files.upload(name, `signed ${name}`);
    if (upload.error) throw upload.error;
  }
});
afterAll(() => removeBuckets([bucket]));

async function signedUrl(path: string, expiresIn = 60, options?: { download?: string | boolean }) {
  const { data, error } = await files.createSignedUrl(path, expiresIn, options);
  expect(error).toBeNull();
  return data!.signedUrl;
}

function withToken(url: string, token: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("token", token);
  return parsed.toString();
}

describe("storage signed URLs", () => {
  it("serves a private object to anyone holding a signed URL, without keys", async () => {
    const url = await signedUrl("docs/a.txt");
    expect(url).toContain(`/storage/v1/object/sign/${bucket}/docs/a.txt?token=`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("signed docs/a.txt");
    expect(Date.parse(response.headers.get("expires") ?? "")).toBeGreaterThan(Date.now());
  });

  it("sets Content-Disposition from the download option", async () => {
    const plain = await fetch(await signedUrl("docs/a.txt", 60, { download: true }));
    expect(plain.headers.get("content-disposition")).toBe("attachment;");
    const named = await fetch(await signedUrl("docs/a.txt", 60, { download: "report.txt" }));
    expect(named.headers.get("content-disposition")).toBe("attachment; filename=report.txt; filename*=UTF-8''report.txt");
  });

  it("signs a batch, with an error for each path that is missing", async () => {
    const { data, error } = await files.createSignedUrls(["docs/a.txt", "docs/missing.txt", "docs/b.txt"], 60);
    expect(error).toBeNull();
    expect(data).toHaveLength(3);
    expect(data![1]).toEqual({
      path: "docs/missing.txt",
      signedURL: null,
      signedUrl: null,
      error: "Either the object does not exist or you do not have access to it",
    });
    for (const [index, name] of [[0, "docs/a.txt"], [2, "docs/b.txt"]] as const) {
      expect(data![index]).toMatchObject({ path: name, error: null });
      expect(await (await fetch(data![index]!.signedUrl!)).text()).toBe(`signed ${name}`);
    }
  });

  it("refuses to sign a missing object or a bad expiry", async () => {
    const missing = await files.createSignedUrl("docs/nope.txt", 60);
    expect(missing.error).toMatchObject({ status: 400, statusCode: "404", message: "Object not found" });
    const zero = await files.createSignedUrl("docs/a.txt", 0);
    expect(zero.error).toMatchObject({ status: 400, statusCode: "400", message: "body/expiresIn must be >= 1" });
  });

  it("refuses an expired token with Storage's InvalidJWT error", async () => {
    const url = await signedUrl("docs/a.txt", 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const response = await fetch(url);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: "400",
      code: "InvalidJWT",
      error: "InvalidJWT",
      message: '"exp" claim timestamp check failed',
    });
  });

  it("refuses a tampered token, and a token for another object", async () => {
    const url = await signedUrl("docs/a.txt");
    const token = new URL(url).searchParams.get("token")!;
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, url: `${bucket}/docs/b.txt` })).toString("base64url");
    const forged = await fetch(withToken(url.replace("docs/a.txt", "docs/b.txt"), `${header}.${forgedPayload}.${signature}`));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ statusCode: "400", code: "InvalidJWT" });

    const elsewhere = await fetch(url.replace("docs/a.txt", "docs/b.txt"));
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toEqual({
      statusCode: "400",
      code: "InvalidSignature",
      error: "InvalidSignature",
      message: "Invalid signature",
    });
  });

  it("answers Object not found when the object is deleted after signing", async () => {
    expect((await files.upload("docs/short-lived.txt", "soon gone")).error).toBeNull();
    const url = await signedUrl("docs/short-lived.txt");
    expect((await files.remove(["docs/short-lived.txt"])).error).toBeNull();
    const response = await fetch(url);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: "404", message: "Object not found" });
  });
});

describe("storage signed upload URLs", () => {
  it("lets anyone holding the token upload once to that path", async () => {
    const { data: signed, error } = await files.createSignedUploadUrl("up/new.txt");
    expect(error).toBeNull();
    expect(signed).toMatchObject({ path: "up/new.txt", token: expect.any(String) });
    expect(signed!.signedUrl).toContain(`/storage/v1/object/upload/sign/${bucket}/up/new.txt?token=`);

    const anon = anonClient().storage.from(bucket);
    const upload = await anon.uploadToSignedUrl("up/new.txt", signed!.token, new Blob(["uploaded"], { type: "text/plain" }));
    expect(upload).toEqual({ data: { path: "up/new.txt", fullPath: `${bucket}/up/new.txt` }, error: null });
    expect(await textOf(await files.download("up/new.txt"))).toBe("uploaded");

    // Without upsert the token cannot replace what it created.
    const again = await anon.uploadToSignedUrl("up/new.txt", signed!.token, "again");
    expect(again.error).toMatchObject({ statusCode: "409", message: "The resource already exists" });
    expect((await files.createSignedUploadUrl("up/new.txt")).error).toMatchObject({ statusCode: "409" });
  });

  it("replaces an existing object when signed with upsert", async () => {
    expect((await files.upload("up/replace.txt", "before")).error).toBeNull();
    const { data: signed, error } = await files.createSignedUploadUrl("up/replace.txt", { upsert: true });
    expect(error).toBeNull();
    const upload = await anonClient().storage.from(bucket).uploadToSignedUrl("up/replace.txt", signed!.token, "after");
    expect(upload.error).toBeNull();
    expect(await textOf(await files.download("up/replace.txt"))).toBe("after");
  });

  it("refuses a token for another path, a download token and a made-up token", async () => {
    const anon = anonClient().storage.from(bucket);
    const { data: signed } = await files.createSignedUploadUrl("up/one.txt");
    const otherPath = await anon.uploadToSignedUrl("up/two.txt", signed!.token, "x");
    expect(otherPath.error).toMatchObject({ statusCode: "400", message: "Invalid signature" });

    const downloadToken = new URL(await signedUrl("docs/a.txt")).searchParams.get("token")!;
    const wrongScope = await anon.uploadToSignedUrl("docs/a.txt", downloadToken, "x");
    expect(wrongScope.error).toMatchObject({ statusCode: "400", message: "Token is not scoped for upload" });

    const madeUp = await anon.uploadToSignedUrl("up/one.txt", "not-a-token", "x");
    expect(madeUp.error).toMatchObject({ statusCode: "400" });
    expect((await files.exists("up/one.txt")).data).toBe(false);
    expect(await textOf(await files.download("docs/a.txt"))).toBe("signed docs/a.txt");
  });
});
