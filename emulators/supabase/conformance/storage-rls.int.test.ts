// Storage conformance: storage.objects RLS decides every operation. With the
// fixture policy (a user owns the top-level folder named after their id), two
// users cannot read, list, overwrite, move, copy, sign or delete each other's
// objects, anon cannot upload to a private bucket, and a bad JWT is refused.
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyStoragePolicies, removeBuckets, signedInUser, textOf, uniqueBucket, type TestUser } from "./storage-fixtures.ts";
import { adminClient, anonClient, target } from "./target.ts";

const bucket = uniqueBucket("rls");
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  await applyStoragePolicies();
  const { error } = await adminClient().storage.createBucket(bucket, { public: false });
  if (error) throw error;
  [alice, bob] = await Promise.all([signedInUser("alice"), signedInUser("bob")]);
});
afterAll(() => removeBuckets([bucket]));

async function ownerOf(name: string) {
  const client = new pg.Client({ connectionString: target().dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select owner, owner_id from storage.objects where bucket_id = $1 and name = $2", [bucket, name]);
    return rows[0] as { owner: string | null; owner_id: string | null } | undefined;
  } finally {
    await client.end();
  }
}

const RLS_DENIED = { status: 400, statusCode: "403", message: "new row violates row-level security policy" };

describe("storage RLS", () => {
  it("lets a user write under their own folder, recording them as the owner", async () => {
    const path = `${alice.id}/notes.txt`;
    const { error } = await alice.client.storage.from(bucket).upload(path, "alice's notes");
    expect(error).toBeNull();
    expect(await ownerOf(path)).toEqual({ owner: alice.id, owner_id: alice.id });
    expect(await textOf(await alice.client.storage.from(bucket).download(path))).toBe("alice's notes");
  });

  it("refuses writes into another user's folder and writes nothing", async () => {
    const path = `${bob.id}/planted.txt`;
    const { data, error } = await alice.client.storage.from(bucket).upload(path, "not yours");
    expect(data).toBeNull();
    expect(error).toMatchObject(RLS_DENIED);
    expect(await ownerOf(path)).toBeUndefined();
  });

  it("hides one user's objects from the other: download, info, list, sign", async () => {
    const path = `${alice.id}/private.txt`;
    expect((await alice.client.storage.from(bucket).upload(path, "for alice only")).error).toBeNull();
    expect((await bob.client.storage.from(bucket).upload(`${bob.id}/mine.txt`, "bob")).error).toBeNull();
    const bobFiles = bob.client.storage.from(bucket);

    expect((await bobFiles.download(path)).error).toMatchObject({ statusCode: "404", message: "Object not found" });
    expect((await bobFiles.info(path)).error).toMatchObject({ statusCode: "404" });
    expect((await bobFiles.createSignedUrl(path, 60)).error).toMatchObject({ statusCode: "404", message: "Object not found" });
    expect((await bobFiles.list(alice.id)).data).toEqual([]);

    // At the top level each user sees only the folder their own objects make.
    const { data: root } = await bobFiles.list();
    expect(root!.map((entry) => entry.name)).toEqual([bob.id]);
    const signed = await bobFiles.createSignedUrls([path, `${bob.id}/mine.txt`], 60);
    expect(signed.data![0]).toMatchObject({
      path,
      signedURL: null,
      error: "Either the object does not exist or you do not have access to it",
    });
    expect(signed.data![1]!.signedURL).toContain(`/object/sign/${bucket}/${bob.id}/mine.txt?token=`);
  });

  it("refuses to let one user overwrite, move, copy or delete another's object", async () => {
    const path = `${alice.id}/keep.txt`;
    expect((await alice.client.storage.from(bucket).upload(path, "original")).error).toBeNull();
    const bobFiles = bob.client.storage.from(bucket);

    expect((await bobFiles.upload(path, "overwritten", { upsert: true })).error).toMatchObject(RLS_DENIED);
    expect((await bobFiles.update(path, "overwritten")).error).toMatchObject(RLS_DENIED);
    expect((await bobFiles.move(path, `${bob.id}/stolen.txt`)).error).toMatchObject({ statusCode: "404" });
    expect((await bobFiles.copy(path, `${bob.id}/copied.txt`)).error).toMatchObject({ statusCode: "404" });
    const removed = await bobFiles.remove([path]);
    expect(removed).toEqual({ data: [], error: null });

    expect(await textOf(await alice.client.storage.from(bucket).download(path))).toBe("original");
    expect(await ownerOf(path)).toEqual({ owner: alice.id, owner_id: alice.id });
    expect(await ownerOf(`${bob.id}/stolen.txt`)).toBeUndefined();
    expect(await ownerOf(`${bob.id}/copied.txt`)).toBeUndefined();
  });

  it("lets the owner upsert, move, copy and delete within their folder", async () => {
    const files = alice.client.storage.from(bucket);
    const path = `${alice.id}/work/draft.txt`;
    expect((await files.upload(path, "v1")).error).toBeNull();
    expect((await files.upload(path, "v2", { upsert: true })).error).toBeNull();
    expect(await textOf(await files.download(path))).toBe("v2");

    expect((await files.move(path, `${alice.id}/work/final.txt`)).error).toBeNull();
    expect((await files.copy(`${alice.id}/work/final.txt`, `${alice.id}/work/backup.txt`)).error).toBeNull();
    // Out of her folder is out of bounds even for her own object.
    expect((await files.move(`${alice.id}/work/final.txt`, `${bob.id}/gift.txt`)).error).toMatchObject(RLS_DENIED);

    const { data, error } = await files.remove([`${alice.id}/work/final.txt`, `${alice.id}/work/backup.txt`]);
    expect(error).toBeNull();
    expect(data!.map((object) => object.name).sort()).toEqual([`${alice.id}/work/backup.txt`, `${alice.id}/work/final.txt`]);
    expect((await files.list(`${alice.id}/work`)).data).toEqual([]);
  });

  it("refuses anon uploads to a private bucket", async () => {
    const { data, error } = await anonClient().storage.from(bucket).upload("anon/x.txt", "x");
    expect(data).toBeNull();
    expect(error).toMatchObject(RLS_DENIED);
    expect(await ownerOf("anon/x.txt")).toBeUndefined();
  });

  it("lets a signed upload URL write as the user who signed it, and refuses to sign into another's folder", async () => {
    const path = `${alice.id}/via-signed-url.txt`;
    const signed = await alice.client.storage.from(bucket).createSignedUploadUrl(path);
    expect(signed.error).toBeNull();
    const upload = await anonClient().storage.from(bucket).uploadToSignedUrl(path, signed.data!.token, "sent by anyone");
    expect(upload.error).toBeNull();
    expect(upload.data).toMatchObject({ path, fullPath: `${bucket}/${path}` });
    expect(await ownerOf(path)).toEqual({ owner: alice.id, owner_id: alice.id });

    const refused = await bob.client.storage.from(bucket).createSignedUploadUrl(`${alice.id}/from-bob.txt`);
    expect(refused.error).toMatchObject(RLS_DENIED);
  });

  it("refuses a request whose JWT does not verify", async () => {
    const forged = createClient(target().url, target().publishableKey, { accessToken: async () => "not-a-jwt" });
    const { error } = await forged.storage.from(bucket).upload(`${alice.id}/forged.txt`, "x");
    expect(error).toMatchObject({ status: 400, statusCode: "403" });
    expect(await ownerOf(`${alice.id}/forged.txt`)).toBeUndefined();
  });
});
