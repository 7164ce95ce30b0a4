// Signed URLs. Creating one needs the caller's SELECT (download) or INSERT
// (upload) permission, checked through RLS; using one needs only the token, an
// HS256 JWT over the project's JWT secret binding `bucket/key` and a scope, as
// Storage signs them. Download tokens serve the bytes until `exp`; upload
// tokens let anyone holding them write that one key as the signer's `sub`.
import { randomUUID } from "node:crypto";
import * as jose from "jose";
import { z } from "zod";
import { LOCAL_JWT_SECRET } from "../keys.ts";
import { resolveCaller, STORAGE_ADMIN } from "./caller.ts";
import { inTransaction } from "./database.ts";
import { ERRORS } from "./errors.ts";
import { mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { findObject, ownerColumns } from "./objects.ts";
import { renderAsset } from "./render.ts";
import { parseWith, readJson } from "./request.ts";
import { json, route, type Route, type StorageRequest } from "./routing.ts";
import { signedTransformations, transformSchema } from "./transform-options.ts";
import { storeUpload } from "./upload.ts";

const SECRET = new TextEncoder().encode(LOCAL_JWT_SECRET);
// Hosted Supabase documents signed upload URLs as valid for two hours.
const UPLOAD_URL_TTL_SECONDS = 2 * 60 * 60;
// Storage caps `exp` at the largest signed 32-bit epoch second.
const MAX_EXPIRY_EPOCH_SECONDS = 2 ** 31 - 1;

type Scope = "download" | "upload";

interface SignedToken extends jose.JWTPayload {
  url: string;
  scope?: Scope;
  owner?: string;
  upsert?: boolean;
  /** Image transformations a signed render URL applies (see transform-options.ts). */
  transformations?: string;
}

const expiresInSchema = z.number().int().min(1);
const signBodySchema = z.object({ expiresIn: expiresInSchema, transform: transformSchema.optional() });
const signManyBodySchema = z.object({ expiresIn: expiresInSchema, paths: z.array(z.string()).min(1).max(1000) });
const tokenQuerySchema = z.object({ token: z.string() });

function assertExpiresIn(expiresIn: number): void {
  if (expiresIn > MAX_EXPIRY_EPOCH_SECONDS - Math.floor(Date.now() / 1000)) {
    throw ERRORS.invalidParameter("expiresIn");
  }
}

async function signToken(claims: Omit<SignedToken, "iat" | "exp">, expiresIn: number): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt(now).setExpirationTime(now + expiresIn).sign(SECRET);
}

/** Storage's verifyObjectSignature: signature and expiry, then scope, then the object it names. */
export async function verifyToken(token: string, bucket: string, key: string, scope: Scope): Promise<SignedToken> {
  let payload: SignedToken;
  try {
    payload = (await jose.jwtVerify<SignedToken>(token, SECRET, { algorithms: ["HS256"] })).payload;
  } catch (error) {
    throw ERRORS.invalidJwt(error instanceof Error ? error.message : "Invalid JWT");
  }
  // Tokens from before scopes existed: upload tokens carry `upsert`, download tokens do not.
  const scoped = payload.scope === scope || (payload.scope === undefined && ("upsert" in payload) === (scope === "upload"));
  if (!scoped) throw ERRORS.invalidSignature(`Token is not scoped for ${scope}`);
  if (payload.url !== `${bucket}/${key}`) throw ERRORS.invalidSignature();
  return payload;
}

function requestInfo(req: StorageRequest) {
  return { method: req.method, path: req.path };
}

async function signUrl(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  mustBeValidKey(req.key);
  const { expiresIn, transform } = parseWith(signBodySchema, await readJson(req.raw), "body");
  assertExpiresIn(expiresIn);
  await inTransaction(req.ctx, caller, requestInfo(req), (tx) => findObject(tx, "caller", req.bucket, req.key));
  const url = `${req.bucket}/${req.key}`;
  // As Storage: claims only when set, and a URL that renders when there is something to apply.
  const transformations = signedTransformations(transform ?? {});
  const claims = {
    ...(transformations ? { transformations } : {}),
    ...(transform?.format ? { format: transform.format } : {}),
  };
  const token = await signToken({ ...claims, url, scope: "download" }, expiresIn);
  return json({ signedURL: `/${transformations ? "render/image" : "object"}/sign/${url}?token=${token}` });
}

async function signUrls(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  const { expiresIn, paths } = parseWith(signManyBodySchema, await readJson(req.raw), "body");
  assertExpiresIn(expiresIn);
  const { rows } = await inTransaction(req.ctx, caller, requestInfo(req), (tx) =>
    tx.asCaller<{ name: string }>("select name from storage.objects where bucket_id = $1 and name = any($2::text[])", [
      req.bucket,
      paths,
    ]),
  );
  const visible = new Set(rows.map((row) => row.name));
  const results = await Promise.all(
    paths.map(async (path) => {
      if (!visible.has(path)) {
        return { error: "Either the object does not exist or you do not have access to it", path, signedURL: null };
      }
      const url = `${req.bucket}/${path}`;
      const token = await signToken({ url, scope: "download" }, expiresIn);
      return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` };
    }),
  );
  return json(results);
}

async function downloadSigned(req: StorageRequest): Promise<Response> {
  const { token } = parseWith(tokenQuerySchema, Object.fromEntries(req.query), "querystring");
  const payload = await verifyToken(token, req.bucket, req.key, "download");
  const object = await inTransaction(req.ctx, STORAGE_ADMIN, requestInfo(req), (tx) =>
    findObject(tx, "admin", req.bucket, req.key),
  );
  return renderAsset(req.blobs, object, {
    head: false,
    download: req.query.get("download"),
    expires: new Date((payload.exp ?? 0) * 1000),
    ifNoneMatch: req.header("if-none-match"),
    ifModifiedSince: req.header("if-modified-since"),
    range: req.header("range"),
  });
}

/** Checks the caller may create the object (INSERT, or upsert's policies) without keeping the test row. */
async function signUploadUrl(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  mustBeValidKey(req.key);
  const upsert = req.header("x-upsert") === "true";
  const [owner, ownerId] = ownerColumns(caller.owner);
  const contentLength = Number(req.header("content-length"));
  const metadata = {
    mimetype: req.header("content-type"),
    contentLength: Number.isFinite(contentLength) ? contentLength : undefined,
  };
  try {
    await inTransaction(
      req.ctx,
      caller,
      requestInfo(req),
      (tx) =>
        tx.asCaller(
          `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, version)
           values ($1, $2, $3, $4, $5, $6, '1')
           ${upsert ? "on conflict (bucket_id, name) do update set metadata = excluded.metadata, version = excluded.version, owner = excluded.owner, owner_id = excluded.owner_id returning id" : ""}`,
          [randomUUID(), req.bucket, req.key, owner, ownerId, metadata],
        ),
      "rollback",
    );
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw ERRORS.keyAlreadyExists();
    throw error;
  }
  const url = `${req.bucket}/${req.key}`;
  const token = await signToken({ owner: caller.owner, url, upsert, scope: "upload" }, UPLOAD_URL_TTL_SECONDS);
  return json({ url: `/object/upload/sign/${url}?token=${token}`, token });
}

/** The upload itself runs as Storage's superuser: the token already carries the permission. */
async function uploadSigned(req: StorageRequest): Promise<Response> {
  const { token } = parseWith(tokenQuerySchema, Object.fromEntries(req.query), "querystring");
  const payload = await verifyToken(token, req.bucket, req.key, "upload");
  const stored = await storeUpload(req, STORAGE_ADMIN, { owner: payload.owner, upsert: payload.upsert === true });
  return json({ Key: stored.key });
}

export const signedUrlRoutes: Route[] = [
  route("POST", "/object/sign/:bucket", signUrls),
  route("POST", "/object/sign/:bucket/*", signUrl),
  route("GET", "/object/sign/:bucket/*", downloadSigned),
  route("POST", "/object/upload/sign/:bucket/*", signUploadUrl),
  route("PUT", "/object/upload/sign/:bucket/*", uploadSigned),
];
