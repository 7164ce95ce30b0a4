// /bucket routes: list, get, create, update, empty, delete. Each runs as the
// caller, so storage.buckets' RLS decides (no policies: only the service role,
// which bypasses RLS, can manage buckets), exactly as Storage does.
import { z } from "zod";
import { resolveCaller } from "./caller.ts";
import { inTransaction } from "./database.ts";
import { ERRORS, StorageApiError } from "./errors.ts";
import { mustBeValidBucketName, mustBeValidMimeTypeList, parseBucketSizeLimit } from "./limits.ts";
import { fileSizeLimitSchema, parseWith, readJson } from "./request.ts";
import { json, route, type Route, type StorageRequest } from "./routing.ts";

interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  public: boolean | null;
  created_at: Date | null;
  updated_at: Date | null;
  file_size_limit: string | null;
  allowed_mime_types: string[] | null;
}

const BUCKET_COLUMNS = "id, name, owner, public, created_at, updated_at, file_size_limit, allowed_mime_types";

/** Storage serialises through a JSON schema: a null `owner` (a string field) comes out as "". */
function renderBucket(row: BucketRow, withType: boolean) {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner ?? "",
    public: row.public ?? false,
    ...(withType ? { type: "STANDARD" } : {}),
    file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit),
    allowed_mime_types: row.allowed_mime_types,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  sortColumn: z.enum(["id", "name", "created_at", "updated_at"]).optional(),
  sortOrder: z.enum(["asc", "desc"]).optional(),
  search: z.string().optional(),
});

const createBodySchema = z.object({
  name: z.string(),
  id: z.string().optional(),
  public: z.boolean().optional(),
  type: z.enum(["STANDARD", "ANALYTICS"]).optional(),
  file_size_limit: fileSizeLimitSchema.optional(),
  allowed_mime_types: z.array(z.string()).nullable().optional(),
});

const updateBodySchema = z.object({
  public: z.boolean().optional(),
  file_size_limit: fileSizeLimitSchema.optional(),
  allowed_mime_types: z.array(z.string()).nullable().optional(),
});

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function requestInfo(req: StorageRequest) {
  return { method: req.method, path: req.path };
}

/** A size limit from the API in bytes, refused above the global cap as Storage does. */
function sizeLimitInBytes(req: StorageRequest, value: number | string | null | undefined): number | null | undefined {
  if (value === null || value === undefined) return value;
  const bytes = parseBucketSizeLimit(value);
  if (bytes > req.globalSizeLimit) throw ERRORS.entityTooLarge();
  return bytes;
}

function mimeTypeList(value: string[] | null | undefined): string[] | null | undefined {
  if (!value) return value;
  const list = value.filter((mime) => mime);
  mustBeValidMimeTypeList(list);
  return list;
}

async function listBuckets(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const query = parseWith(listQuerySchema, Object.fromEntries(req.query), "querystring");
  const values: unknown[] = [];
  let where = "";
  if (query.search) {
    values.push(`%${escapeLike(query.search)}%`);
    where = `where name ilike $${values.length}`;
  }
  // The sort column comes from the enum above, never from raw input.
  const order = query.sortColumn ? `order by ${query.sortColumn} ${query.sortOrder ?? "asc"}` : "";
  let page = "";
  if (query.limit !== undefined) page += ` limit $${values.push(query.limit)}`;
  if (query.offset !== undefined) page += ` offset $${values.push(query.offset)}`;
  const { rows } = await inTransaction(req.ctx, caller, requestInfo(req), (tx) =>
    tx.asCaller<BucketRow>(`select ${BUCKET_COLUMNS} from storage.buckets ${where} ${order} ${page}`, values),
  );
  return json(rows.map((row) => renderBucket(row, true)));
}

async function getBucket(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const { rows } = await inTransaction(req.ctx, caller, requestInfo(req), (tx) =>
    tx.asCaller<BucketRow>(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1 limit 1`, [req.bucket]),
  );
  if (!rows[0]) throw ERRORS.noSuchBucket();
  return json(renderBucket(rows[0], false));
}

async function createBucket(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const body = parseWith(createBodySchema, await readJson(req.raw), "body");
  if (body.name.trim() !== body.name) throw ERRORS.invalidBucketName();
  mustBeValidBucketName(body.name);
  const id = body.id || body.name;
  mustBeValidBucketName(id);
  if (body.type === "ANALYTICS") {
    throw new StorageApiError("FeatureNotEnabled", 409, "The feature iceberg_catalog is not enabled for this resource");
  }
  const fileSizeLimit = sizeLimitInBytes(req, body.file_size_limit);
  const allowedMimeTypes = mimeTypeList(body.allowed_mime_types);
  try {
    await inTransaction(req.ctx, caller, requestInfo(req), (tx) =>
      // No RETURNING: Storage's insert needs only the INSERT policy.
      tx.asCaller(
        `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
         values ($1, $2, case when $3::text ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then $3::uuid end, $3, $4, $5, $6)`,
        [id, body.name, caller.owner ?? null, body.public ?? false, fileSizeLimit ?? null, allowedMimeTypes ?? null],
      ),
    );
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw ERRORS.bucketAlreadyExists();
    throw error;
  }
  return json({ name: body.name });
}

async function updateBucket(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  const body = parseWith(updateBodySchema, await readJson(req.raw), "body");
  const fields: [string, unknown][] = [];
  if (body.public !== undefined) fields.push(["public", body.public]);
  if (body.file_size_limit !== undefined) fields.push(["file_size_limit", sizeLimitInBytes(req, body.file_size_limit)]);
  if (body.allowed_mime_types !== undefined) fields.push(["allowed_mime_types", mimeTypeList(body.allowed_mime_types)]);
  if (fields.length === 0) throw ERRORS.validation("body must match a schema in anyOf");
  const assignments = fields.map(([column], index) => `${column} = $${index + 1}`).join(", ");
  const { rowCount } = await inTransaction(req.ctx, caller, requestInfo(req), (tx) =>
    tx.asCaller(`update storage.buckets set ${assignments} where id = $${fields.length + 1}`, [
      ...fields.map(([, value]) => value),
      req.bucket,
    ]),
  );
  if (!rowCount) throw ERRORS.noSuchBucket();
  return json({ message: "Successfully updated" });
}

async function deleteBucket(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  await inTransaction(req.ctx, caller, requestInfo(req), async (tx) => {
    // Storage checks existence and emptiness as its superuser, then deletes as the caller.
    const found = await tx.asAdmin("select id from storage.buckets where id = $1 for update", [req.bucket]);
    if (!found.rowCount) throw ERRORS.noSuchBucket();
    const objects = await tx.asAdmin("select 1 from storage.objects where bucket_id = $1 limit 1", [req.bucket]);
    if (objects.rowCount) throw ERRORS.bucketNotEmpty();
    const deleted = await tx.asCaller("delete from storage.buckets where id = $1", [req.bucket]);
    if (!deleted.rowCount) throw ERRORS.noSuchBucket();
  });
  return json({ message: "Successfully deleted" });
}

/** Service role only. Storage queues this; the emulator empties the bucket before answering. */
async function emptyBucket(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  if (caller.role !== "service_role") throw ERRORS.accessDenied("Access denied: Invalid role").withHttpStatus(403);
  const versions = await inTransaction(req.ctx, caller, requestInfo(req), async (tx) => {
    const found = await tx.asCaller("select name from storage.buckets where id = $1", [req.bucket]);
    if (!found.rowCount) throw ERRORS.noSuchBucket();
    const { rows } = await tx.asCaller<{ version: string | null }>(
      "delete from storage.objects where bucket_id = $1 returning version",
      [req.bucket],
    );
    return rows.map((row) => row.version);
  });
  await Promise.all(versions.map((version) => req.blobs.remove(version)));
  return json({ message: "Empty bucket has been queued. Completion may take up to an hour." });
}

export const bucketRoutes: Route[] = [
  route("GET", "/bucket", listBuckets),
  route("GET", "/bucket/", listBuckets),
  route("POST", "/bucket", createBucket),
  route("POST", "/bucket/", createBucket),
  route("POST", "/bucket/:bucket/empty", emptyBucket),
  route("GET", "/bucket/:bucket", getBucket),
  route("PUT", "/bucket/:bucket", updateBucket),
  route("DELETE", "/bucket/:bucket", deleteBucket),
];
