// Reading objects: download (GET), HEAD and info, by the authenticated path,
// the plain path (which lets a missing or invalid JWT through as anon) and the
// public path. As in Storage, objects in a public bucket are read as its
// superuser (no RLS), objects in a private bucket through the caller's SELECT
// policy, and a caller without a valid JWT sees a private bucket as missing.
import { resolveCaller, STORAGE_ADMIN, type Caller } from "./caller.ts";
import { inTransaction } from "./database.ts";
import { ERRORS } from "./errors.ts";
import { mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { findBucket, findObject, type ObjectRow } from "./objects.ts";
import { renderAsset, renderInfo } from "./render.ts";
import { route, type Route, type StorageRequest } from "./routing.ts";

type Output = "asset" | "head" | "info";

async function loadObject(req: StorageRequest, caller: Caller, bypassRls: boolean): Promise<ObjectRow> {
  mustBeValidBucketName(req.bucket);
  mustBeValidKey(req.key);
  return inTransaction(req.ctx, bypassRls ? STORAGE_ADMIN : caller, { method: req.method, path: req.path }, (tx) =>
    findObject(tx, bypassRls ? "admin" : "caller", req.bucket, req.key),
  );
}

function respond(req: StorageRequest, object: ObjectRow, output: Output): Promise<Response> | Response {
  if (output === "info") return renderInfo(object);
  return renderAsset(req.blobs, object, {
    head: output === "head",
    download: req.query.get("download"),
    ifNoneMatch: req.header("if-none-match"),
    ifModifiedSince: req.header("if-modified-since"),
    range: req.header("range"),
  });
}

/** /object/{bucket}/{key} and /object/authenticated/{bucket}/{key}, and their info/HEAD forms. */
function readAsCaller(output: Output, options: { allowInvalidJwt: boolean }) {
  return async (req: StorageRequest): Promise<Response> => {
    const caller = await resolveCaller(req.ctx, req.header("authorization"), options);
    const bucket = await findBucket(req.ctx, req.bucket);
    if (!bucket || (!caller.isAuthenticated && !bucket.public)) throw ERRORS.noSuchBucket();
    return respond(req, await loadObject(req, caller, bucket.public), output);
  };
}

/** /object/public/{bucket}/{key}: no auth at all, public buckets only. */
function readPublic(output: Output) {
  return async (req: StorageRequest): Promise<Response> => {
    const bucket = await findBucket(req.ctx, req.bucket);
    if (!bucket?.public) throw ERRORS.noSuchBucket();
    return respond(req, await loadObject(req, STORAGE_ADMIN, true), output);
  };
}

export const readRoutes: Route[] = [
  route("GET", "/object/public/:bucket/*", readPublic("asset")),
  route("HEAD", "/object/public/:bucket/*", readPublic("head")),
  route("GET", "/object/info/public/:bucket/*", readPublic("info")),
  route("GET", "/object/info/authenticated/:bucket/*", readAsCaller("info", { allowInvalidJwt: false })),
  route("GET", "/object/info/:bucket/*", readAsCaller("info", { allowInvalidJwt: true })),
  route("GET", "/object/authenticated/:bucket/*", readAsCaller("asset", { allowInvalidJwt: false })),
  route("HEAD", "/object/authenticated/:bucket/*", readAsCaller("head", { allowInvalidJwt: false })),
  route("GET", "/object/:bucket/*", readAsCaller("asset", { allowInvalidJwt: true })),
  route("HEAD", "/object/:bucket/*", readAsCaller("head", { allowInvalidJwt: true })),
];
