// Image transformations: GET /render/image/{authenticated,public,sign}/{bucket}/{key},
// what storage-js's download, getPublicUrl and createSignedUrl call with a
// `transform` option. Hosted Storage hands these to imgproxy; the emulator
// resizes with sharp (installed with Next.js) using imgproxy's meaning of each
// option: `cover` fills and crops, `contain` fits inside, `fill` stretches;
// sizes are clamped to 1..2000 and never enlarge; quality defaults to 80; with
// no `format` the result is WebP only when the request's Accept allows it.
// Headers as Storage's renderer sets them, plus X-Transformations.
import { buffer } from "node:stream/consumers";
import { z } from "zod";
import { resolveCaller, STORAGE_ADMIN, type Caller } from "./caller.ts";
import { inTransaction } from "./database.ts";
import { ERRORS, StorageApiError } from "./errors.ts";
import { mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { findBucket, findObject, type ObjectRow } from "./objects.ts";
import { contentDisposition, MISSING_BYTES } from "./render.ts";
import { parseWith } from "./request.ts";
import { json, route, type Route, type StorageRequest } from "./routing.ts";
import { verifyToken } from "./signed-urls.ts";
import {
  clamp,
  fromSignedTransformations,
  imgproxyOptions,
  transformSchema,
  type TransformOptions,
} from "./transform-options.ts";

const DEFAULT_QUALITY = 80;
// What sharp can write back in the source's own format; anything else comes out as PNG.
const OUTPUT_FORMATS = new Set(["jpeg", "png", "webp", "gif", "avif"]);

const renderQuerySchema = transformSchema.extend({ download: z.string().optional() });

function unsupportedSource(): StorageApiError {
  return new StorageApiError("InvalidRequest", 400, "The source image is invalid or unsupported for rendering");
}

async function loadSharp() {
  try {
    return (await import("sharp")).default;
  } catch {
    throw ERRORS.internal("Image transformation needs the sharp package, which Next.js installs");
  }
}

async function transform(source: Buffer, options: TransformOptions, accept: string | undefined) {
  const sharp = await loadSharp();
  let image = sharp(source, { failOn: "error" });
  let sourceFormat: string | undefined;
  try {
    sourceFormat = (await image.metadata()).format;
  } catch {
    throw unsupportedSource();
  }
  if (!sourceFormat) throw unsupportedSource();
  image = image.rotate();
  if (options.width || options.height) {
    image = image.resize({
      width: options.width ? clamp(options.width) : undefined,
      height: options.height ? clamp(options.height) : undefined,
      fit: ({ cover: "cover", contain: "inside", fill: "fill" } as const)[options.resize ?? "cover"],
      withoutEnlargement: true,
    });
  }
  const wanted =
    options.format && options.format !== "origin"
      ? options.format
      : options.format !== "origin" && accept?.includes("image/webp")
        ? "webp"
        : OUTPUT_FORMATS.has(sourceFormat) ? sourceFormat : "png";
  // Quality is for lossy output only; for PNG sharp would read it as "use a palette".
  const lossy = wanted === "jpeg" || wanted === "webp" || wanted === "avif";
  try {
    const output = await image.toFormat(wanted as "png", lossy ? { quality: options.quality ?? DEFAULT_QUALITY } : {}).toBuffer();
    return { data: output, mimetype: `image/${wanted}` };
  } catch {
    throw unsupportedSource();
  }
}

async function render(
  req: StorageRequest,
  object: ObjectRow,
  options: TransformOptions,
  extra: { download: string | undefined; expires?: Date },
): Promise<Response> {
  const size = object.version ? await req.blobs.sizeOf(object.version) : null;
  if (size === null || !object.version) return json(MISSING_BYTES, 400, { "cache-control": "no-store" });
  const source = await buffer(req.blobs.read(object.version));
  const accept = options.format === "origin" ? undefined : req.header("accept");
  const { data, mimetype } = await transform(source, options, accept);
  const metadata = object.metadata ?? {};
  const headers = new Headers({
    "accept-ranges": "bytes",
    "content-type": mimetype,
    "content-length": String(data.byteLength),
    "x-robots-tag": "none",
  });
  if (metadata.eTag) headers.set("etag", metadata.eTag);
  const lastModified = new Date(metadata.lastModified ?? object.updated_at ?? Date.now());
  if (!Number.isNaN(lastModified.getTime())) headers.set("last-modified", lastModified.toUTCString());
  if (extra.expires) headers.set("expires", extra.expires.toUTCString());
  else if (metadata.cacheControl) headers.set("cache-control", metadata.cacheControl);
  const applied = imgproxyOptions(options);
  if (applied.length > 0) headers.set("x-transformations", applied.join(","));
  if (extra.download !== undefined) headers.set("content-disposition", contentDisposition(extra.download));
  return new Response(new Uint8Array(data), { status: 200, headers });
}

function queryOf(req: StorageRequest) {
  return parseWith(renderQuerySchema, Object.fromEntries(req.query), "querystring");
}

async function findAs(req: StorageRequest, caller: Caller, as: "caller" | "admin", bucket: string, key: string) {
  return inTransaction(req.ctx, caller, { method: req.method, path: req.path }, (tx) => findObject(tx, as, bucket, key));
}

/** Through the caller's SELECT policy, public bucket or not, as Storage's route does. */
async function renderAuthenticated(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const { download, ...options } = queryOf(req);
  mustBeValidBucketName(req.bucket);
  mustBeValidKey(req.key);
  return render(req, await findAs(req, caller, "caller", req.bucket, req.key), options, { download });
}

async function renderPublic(req: StorageRequest): Promise<Response> {
  const { download, ...options } = queryOf(req);
  const bucket = await findBucket(req.ctx, req.bucket);
  if (!bucket?.public) throw ERRORS.noSuchBucket();
  mustBeValidKey(req.key);
  return render(req, await findAs(req, STORAGE_ADMIN, "admin", req.bucket, req.key), options, { download });
}

/** The transformations come from the token, not the query: a signed URL cannot be re-sized. */
async function renderSigned(req: StorageRequest): Promise<Response> {
  const { token } = parseWith(z.object({ token: z.string() }), Object.fromEntries(req.query), "querystring");
  const payload = await verifyToken(token, req.bucket, req.key, "download");
  const options = fromSignedTransformations(typeof payload.transformations === "string" ? payload.transformations : "");
  const object = await findAs(req, STORAGE_ADMIN, "admin", req.bucket, req.key);
  const download = req.query.get("download") ?? undefined;
  return render(req, object, options, { download, expires: new Date((payload.exp ?? 0) * 1000) });
}

export const renderImageRoutes: Route[] = [
  route("GET", "/render/image/authenticated/:bucket/*", renderAuthenticated),
  route("GET", "/render/image/public/:bucket/*", renderPublic),
  route("GET", "/render/image/sign/:bucket/*", renderSigned),
];
