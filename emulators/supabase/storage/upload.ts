// Uploads: POST /object/{bucket}/{key} (create, or upsert with `x-upsert: true`)
// and PUT (update, always an upsert), with a multipart form (what storage-js
// sends for a Blob/File/FormData) or a raw body (Buffer, string, stream).
// Limits as Storage applies them: the smaller of the bucket's file_size_limit
// and the global one, the bucket's MIME allow-list, 0 bytes for folder placeholders.
import type { ReceivedBlob } from "./blobs.ts";
import { resolveCaller, type Caller } from "./caller.ts";
import { ERRORS } from "./errors.ts";
import { isEmptyFolderPlaceholder, mustBeAllowedMimeType, mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { findBucket, objectMetadata, receivedBytes, writeObject, type BucketLimits } from "./objects.ts";
import { parseUserMetadataHeader } from "./request.ts";
import { json, route, type Route, type StorageRequest } from "./routing.ts";

const MAX_USER_METADATA_BYTES = 1024 * 1024;
// Room for a multipart body's boundaries and text fields around the file itself.
const MULTIPART_OVERHEAD_BYTES = 2 * 1024 * 1024;

export interface ReceivedUpload {
  blob: ReceivedBlob;
  mimetype: string;
  cacheControl: string;
  userMetadata: Record<string, unknown>;
}

async function* chunksOf(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

function declaredLength(req: StorageRequest): number | undefined {
  const length = Number(req.header("content-length"));
  return Number.isFinite(length) && length >= 0 ? length : undefined;
}

function maxSizeFor(req: StorageRequest, bucket: BucketLimits, key: string): number {
  if (isEmptyFolderPlaceholder(key)) return 0;
  return bucket.file_size_limit === null ? req.globalSizeLimit : Math.min(bucket.file_size_limit, req.globalSizeLimit);
}

function checkMimeType(bucket: BucketLimits, key: string, mimetype: string): void {
  const allowed = bucket.allowed_mime_types ?? [];
  if (allowed.length > 0 && !isEmptyFolderPlaceholder(key)) mustBeAllowedMimeType(mimetype, allowed);
}

async function receiveMultipart(req: StorageRequest, bucket: BucketLimits, key: string, maxSize: number): Promise<ReceivedUpload> {
  const length = declaredLength(req);
  if (length !== undefined && length > maxSize + MULTIPART_OVERHEAD_BYTES) throw ERRORS.entityTooLarge();
  let form: FormData;
  try {
    form = await req.raw.formData();
  } catch {
    throw ERRORS.noContentProvided();
  }
  const file = [...form.values()].find((value): value is File => typeof value !== "string");
  if (!file) throw ERRORS.noContentProvided();
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const mimetype = field("contentType") ?? (file.type || "application/octet-stream");
  checkMimeType(bucket, key, mimetype);
  const cacheTime = field("cacheControl");
  const rawMetadata = field("metadata") ?? field("userMetadata");
  let userMetadata: Record<string, unknown> = {};
  if (rawMetadata !== undefined) {
    if (Buffer.byteLength(rawMetadata, "utf8") > MAX_USER_METADATA_BYTES) throw ERRORS.entityTooLarge("user_metadata");
    try {
      const parsed: unknown = JSON.parse(rawMetadata);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) userMetadata = parsed as Record<string, unknown>;
    } catch {
      // Storage ignores metadata it cannot parse.
    }
  }
  const blob = await req.blobs.receive(chunksOf(file.stream()), maxSize);
  return { blob, mimetype, cacheControl: cacheTime ? `max-age=${cacheTime}` : "no-cache", userMetadata };
}

async function receiveRaw(req: StorageRequest, bucket: BucketLimits, key: string, maxSize: number): Promise<ReceivedUpload> {
  const mimetype = req.header("content-type") || "application/octet-stream";
  checkMimeType(bucket, key, mimetype);
  const length = declaredLength(req);
  if (length !== undefined && length > maxSize) throw ERRORS.entityTooLarge();
  const userMetadata = parseUserMetadataHeader(req.header("x-metadata")) ?? {};
  const blob = await req.blobs.receive(chunksOf(req.raw.body), maxSize);
  return { blob, mimetype, cacheControl: req.header("cache-control") ?? "no-cache", userMetadata };
}

/** Reads an upload's bytes and attributes after the bucket's limits allow them. */
export async function receiveUpload(req: StorageRequest, bucket: BucketLimits, key: string): Promise<ReceivedUpload> {
  const maxSize = maxSizeFor(req, bucket, key);
  const multipart = (req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
  return multipart ? receiveMultipart(req, bucket, key, maxSize) : receiveRaw(req, bucket, key, maxSize);
}

/** The shared path of upload, update and signed upload: validate, receive, write. */
export async function storeUpload(
  req: StorageRequest,
  caller: Caller,
  options: { owner: string | undefined; upsert: boolean },
): Promise<{ id: string; key: string }> {
  mustBeValidBucketName(req.bucket);
  mustBeValidKey(req.key);
  const bucket = await findBucket(req.ctx, req.bucket);
  if (!bucket) throw ERRORS.noSuchBucket();
  const upload = await receiveUpload(req, bucket, req.key);
  const { id } = await writeObject(req.ctx, req.blobs, caller, { method: req.method, path: req.path }, {
    bucketId: req.bucket,
    name: req.key,
    bytes: receivedBytes(req.blobs, upload.blob),
    metadata: objectMetadata(upload.blob, upload.mimetype, upload.cacheControl),
    userMetadata: upload.userMetadata,
    owner: options.owner,
    upsert: options.upsert,
  });
  return { id, key: `${req.bucket}/${req.key}` };
}

async function createObject(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const stored = await storeUpload(req, caller, { owner: caller.owner, upsert: req.header("x-upsert") === "true" });
  return json({ Id: stored.id, Key: stored.key });
}

async function updateObject(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const stored = await storeUpload(req, caller, { owner: caller.owner, upsert: true });
  return json({ Id: stored.id, Key: stored.key });
}

export const uploadRoutes: Route[] = [
  route("POST", "/object/:bucket/*", createObject),
  route("PUT", "/object/:bucket/*", updateObject),
];
