// Move, copy and remove. Each is one transaction as the caller, so the app's
// policies decide as on hosted Supabase: move needs SELECT and UPDATE, copy
// SELECT on the source and INSERT (or upsert's policies) on the destination,
// remove DELETE (and SELECT, since Storage deletes with RETURNING).
import { z } from "zod";
import { resolveCaller } from "./caller.ts";
import { inTransaction } from "./database.ts";
import { ERRORS } from "./errors.ts";
import { mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import {
  copiedBytes,
  findObject,
  OBJECT_COLUMNS,
  ownerColumns,
  writeObject,
  type ObjectRow,
} from "./objects.ts";
import { parseUserMetadataHeader, parseWith, readJson } from "./request.ts";
import { json, route, type Route, type StorageRequest } from "./routing.ts";

const moveBodySchema = z.object({
  bucketId: z.string(),
  sourceKey: z.string(),
  destinationKey: z.string(),
  destinationBucket: z.string().optional(),
});

const copyBodySchema = moveBodySchema.extend({
  copyMetadata: z.boolean().optional(),
  metadata: z.object({ cacheControl: z.string().optional(), mimetype: z.string().optional() }).optional(),
});

const removeBodySchema = z.object({ prefixes: z.array(z.string()).min(1).max(1000) });

/** An object row as Storage's JSON schema serialises it (null strings become ""). */
export function renderObjectRow(row: ObjectRow) {
  return {
    name: row.name,
    bucket_id: row.bucket_id,
    owner: row.owner ?? "",
    owner_id: row.owner_id ?? "",
    version: row.version ?? "",
    id: row.id,
    updated_at: row.updated_at,
    created_at: row.created_at,
    last_accessed_at: row.last_accessed_at,
    metadata: row.metadata,
    user_metadata: row.user_metadata,
  };
}

function requestInfo(req: StorageRequest) {
  return { method: req.method, path: req.path };
}

/** The bytes stay with the row's version, so a move is only a row update. */
async function moveObject(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const body = parseWith(moveBodySchema, await readJson(req.raw), "body");
  mustBeValidBucketName(body.bucketId);
  const destinationBucket = body.destinationBucket || body.bucketId;
  mustBeValidBucketName(destinationBucket);
  mustBeValidKey(body.destinationKey);
  await inTransaction(req.ctx, caller, requestInfo(req), async (tx) => {
    await findObject(tx, "caller", body.bucketId, body.sourceKey);
    if (body.bucketId === destinationBucket && body.sourceKey === body.destinationKey) return;
    // The mover becomes the owner, as in Storage; a caller without `sub` leaves it as it was.
    const [owner, ownerId] = ownerColumns(caller.owner);
    const { rows } = await tx.asCaller<{ id: string }>(
      `update storage.objects
          set name = $3, bucket_id = $4,
              owner = case when $6::text is null then owner else $5::uuid end,
              owner_id = coalesce($6, owner_id),
              updated_at = now(), last_accessed_at = now()
        where bucket_id = $1 and name = $2
        returning id`,
      [body.bucketId, body.sourceKey, body.destinationKey, destinationBucket, owner, ownerId],
    );
    if (!rows[0]) throw ERRORS.noSuchKey();
  });
  // Storage's response schema keeps only the message.
  return json({ message: "Successfully moved" });
}

async function copyObject(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  const body = parseWith(copyBodySchema, await readJson(req.raw), "body");
  mustBeValidBucketName(body.bucketId);
  const destinationBucket = body.destinationBucket || body.bucketId;
  mustBeValidBucketName(destinationBucket);
  mustBeValidKey(body.destinationKey);
  const copyMetadata = body.copyMetadata ?? true;
  const { version } = await writeObject(req.ctx, req.blobs, caller, requestInfo(req), async (tx) => {
    const source = await findObject(tx, "caller", body.bucketId, body.sourceKey);
    const metadata = { ...source.metadata, lastModified: new Date().toISOString() };
    if (!copyMetadata && body.metadata?.cacheControl !== undefined) metadata.cacheControl = body.metadata.cacheControl;
    if (!copyMetadata && body.metadata?.mimetype !== undefined) metadata.mimetype = body.metadata.mimetype;
    return {
      bucketId: destinationBucket,
      name: body.destinationKey,
      bytes: copiedBytes(req.blobs, source.version),
      metadata,
      userMetadata: copyMetadata ? source.user_metadata : (parseUserMetadataHeader(req.header("x-metadata")) ?? null),
      owner: caller.owner,
      upsert: req.header("x-upsert") === "true",
    };
  });
  const { rows } = await req.ctx.pool.query<ObjectRow>(`select ${OBJECT_COLUMNS} from storage.objects where version = $1`, [version]);
  const copied = rows[0];
  if (!copied) throw ERRORS.noSuchKey();
  return json({ Id: copied.id, Key: `${destinationBucket}/${body.destinationKey}`, ...renderObjectRow(copied) });
}

async function removeObject(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  mustBeValidKey(req.key);
  const version = await inTransaction(req.ctx, caller, requestInfo(req), async (tx) => {
    // Storage looks the object up as its superuser (404 when missing), then deletes as the caller.
    await findObject(tx, "admin", req.bucket, req.key, true);
    const { rows } = await tx.asCaller<{ version: string | null }>(
      "delete from storage.objects where bucket_id = $1 and name = $2 returning version",
      [req.bucket, req.key],
    );
    if (!rows[0]) throw ERRORS.accessDenied("Access denied");
    return rows[0].version;
  });
  await req.blobs.remove(version);
  return json({ message: "Successfully deleted" });
}

/** Names the caller may not delete, or that do not exist, are skipped: the answer lists what went. */
async function removeObjects(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  const body = parseWith(removeBodySchema, await readJson(req.raw), "body");
  const { rows } = await inTransaction(req.ctx, caller, requestInfo(req), (tx) =>
    tx.asCaller<ObjectRow>(
      `delete from storage.objects where bucket_id = $1 and name = any($2::text[]) returning ${OBJECT_COLUMNS}`,
      [req.bucket, body.prefixes],
    ),
  );
  await Promise.all(rows.map((row) => req.blobs.remove(row.version)));
  return json(rows.map(renderObjectRow));
}

export const manageRoutes: Route[] = [
  route("POST", "/object/move", moveObject),
  route("POST", "/object/copy", copyObject),
  route("DELETE", "/object/:bucket", removeObjects),
  route("DELETE", "/object/:bucket/*", removeObject),
];
