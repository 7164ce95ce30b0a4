// How Storage answers with an object: its bytes (GET), its headers only (HEAD),
// or its info as JSON, with the headers Storage's renderers set (ETag,
// Last-Modified, Cache-Control or Expires for signed URLs, Content-Disposition
// for `?download`, X-Robots-Tag, single byte ranges, If-None-Match and
// If-Modified-Since).
import { Readable } from "node:stream";
import type { BlobStore } from "./blobs.ts";
import type { ObjectRow } from "./objects.ts";
import { json } from "./routing.ts";

export interface RenderOptions {
  head: boolean;
  /** The `download` query parameter: "" for the stored name, else the file name to suggest. */
  download: string | null;
  /** Signed URLs answer with Expires instead of the object's Cache-Control. */
  expires?: Date;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  range?: string;
}

// What Storage answers when a row exists but its bytes are gone.
export const MISSING_BYTES = { error: "Not found", message: "The resource was not found", statusCode: "404", code: "NoSuchKey" };

export function contentDisposition(download: string): string {
  if (download === "") return "attachment;";
  const encoded = encodeURIComponent(download);
  return `attachment; filename=${encoded}; filename*=UTF-8''${encoded}`;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || start > end ? "unsatisfiable" : { start, end };
}

/**
 * The backend's conditional GET (S3 semantics: If-None-Match wins over
 * If-Modified-Since, compared at the header's one-second resolution). HEAD is
 * answered from the row alone in Storage, so it is never a 304.
 */
function isNotModified(options: RenderOptions, eTag: string | undefined, lastModified: Date): boolean {
  if (options.head) return false;
  if (options.ifNoneMatch) return eTag !== undefined && options.ifNoneMatch === eTag;
  const since = options.ifModifiedSince ? Date.parse(options.ifModifiedSince) : Number.NaN;
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

export async function renderAsset(blobs: BlobStore, object: ObjectRow, options: RenderOptions): Promise<Response> {
  const size = object.version ? await blobs.sizeOf(object.version) : null;
  if (size === null || !object.version) return json(MISSING_BYTES, 400, { "cache-control": "no-store" });
  const metadata = object.metadata ?? {};
  const mimetype = metadata.mimetype ?? "application/octet-stream";
  const headers = new Headers({
    "accept-ranges": "bytes",
    // Storage never serves stored HTML as HTML.
    "content-type": mimetype.includes("text/html") ? "text/plain" : mimetype,
    "x-robots-tag": "none",
  });
  if (metadata.eTag) headers.set("etag", metadata.eTag);
  const lastModified = new Date(metadata.lastModified ?? object.updated_at ?? Date.now());
  if (!Number.isNaN(lastModified.getTime())) headers.set("last-modified", lastModified.toUTCString());
  if (options.expires) headers.set("expires", options.expires.toUTCString());
  else if (metadata.cacheControl) headers.set("cache-control", metadata.cacheControl);
  if (options.download !== null) headers.set("content-disposition", contentDisposition(options.download));

  if (isNotModified(options, metadata.eTag, lastModified)) return new Response(null, { status: 304, headers });
  const range = options.head ? null : parseRange(options.range, size);
  if (range === "unsatisfiable") {
    return json({ statusCode: "400", code: "InvalidRange", error: "invalid_range", message: "invalid range provided" }, 416, {
      "content-range": `bytes */${size}`,
    });
  }
  const status = range ? 206 : 200;
  if (range) headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
  headers.set("content-length", String(range ? range.end - range.start + 1 : size));
  if (options.head) return new Response(null, { status, headers });
  const body = Readable.toWeb(blobs.read(object.version, range ?? undefined)) as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers });
}

/** GET /object/info/...: the object's attributes as JSON (storage-js camel-cases the keys). */
export function renderInfo(object: ObjectRow): Response {
  const metadata = object.metadata ?? {};
  const headers: Record<string, string> = {};
  if (metadata.eTag) headers.etag = metadata.eTag;
  if (metadata.cacheControl) headers["cache-control"] = metadata.cacheControl;
  if (metadata.lastModified) headers["last-modified"] = new Date(metadata.lastModified).toUTCString();
  return json(
    {
      id: object.id,
      name: object.name,
      version: object.version,
      bucket_id: object.bucket_id,
      size: metadata.size ?? null,
      content_type: metadata.mimetype ?? null,
      cache_control: metadata.cacheControl ?? null,
      etag: metadata.eTag ?? null,
      metadata: object.user_metadata,
      last_modified: object.updated_at,
      created_at: object.created_at,
    },
    200,
    headers,
  );
}
