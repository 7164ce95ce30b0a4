// storage.objects rows and the write that ties a row to its bytes. The row's
// statement runs as the caller (INSERT for an upload; INSERT ... ON CONFLICT DO
// UPDATE for an upsert, which also needs the SELECT and UPDATE policies, as on
// hosted Supabase), the new bytes are put in place inside that transaction, and
// the bytes the row pointed to before are removed only after it commits.
import { randomUUID } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import type { BlobStore, ReceivedBlob } from "./blobs.ts";
import type { Caller } from "./caller.ts";
import { inTransaction, type RequestInfo, type StorageTx } from "./database.ts";
import { ERRORS } from "./errors.ts";
import { isUuid } from "./limits.ts";

export interface ObjectMetadata {
  eTag?: string;
  size?: number;
  mimetype?: string;
  cacheControl?: string;
  lastModified?: string;
  contentLength?: number;
  httpStatusCode?: number;
  [key: string]: unknown;
}

export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  owner_id: string | null;
  version: string | null;
  metadata: ObjectMetadata | null;
  user_metadata: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  last_accessed_at: Date | null;
}

export const OBJECT_COLUMNS =
  "id, bucket_id, name, owner, owner_id, version, metadata, user_metadata, created_at, updated_at, last_accessed_at";

export interface BucketLimits {
  id: string;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
}

/** A bucket as Storage's superuser sees it (existence, public flag, upload limits). */
export async function findBucket(ctx: EmulatorContext, bucketId: string): Promise<BucketLimits | null> {
  const { rows } = await ctx.pool.query<{
    id: string;
    public: boolean | null;
    file_size_limit: string | null;
    allowed_mime_types: string[] | null;
  }>("select id, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1", [bucketId]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    public: row.public ?? false,
    file_size_limit: row.file_size_limit === null ? null : Number(row.file_size_limit),
    allowed_mime_types: row.allowed_mime_types,
  };
}

/** One object, through the caller's SELECT policy (or as admin); NoSuchKey when not visible. */
export async function findObject(
  tx: StorageTx,
  as: "caller" | "admin",
  bucketId: string,
  name: string,
  lock = false,
): Promise<ObjectRow> {
  const sql = `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2 limit 1${lock ? " for update" : ""}`;
  const { rows } = as === "caller" ? await tx.asCaller<ObjectRow>(sql, [bucketId, name]) : await tx.asAdmin<ObjectRow>(sql, [bucketId, name]);
  if (!rows[0]) throw ERRORS.noSuchKey();
  return rows[0];
}

/** The metadata jsonb Storage stores for an object, from its bytes and upload headers. */
export function objectMetadata(blob: { size: number; eTag: string }, mimetype: string, cacheControl: string): ObjectMetadata {
  return {
    eTag: blob.eTag,
    size: blob.size,
    mimetype,
    cacheControl,
    lastModified: new Date().toISOString(),
    contentLength: blob.size,
    httpStatusCode: 200,
  };
}

/** owner is a uuid column; owner_id keeps any `sub`, as Storage stores them. */
export function ownerColumns(owner: string | undefined): [string | null, string | null] {
  return [isUuid(owner) ? owner : null, owner ?? null];
}

/** Where a write's bytes come from: a received upload, or another stored version (copy). */
export interface BytesSource {
  /** Puts the bytes in place as `version`; runs inside the row's transaction. */
  install(version: string): Promise<void>;
  /** Drops whatever was received when the write does not happen. */
  discard(): Promise<void>;
}

export function receivedBytes(blobs: BlobStore, blob: ReceivedBlob): BytesSource {
  return { install: (version) => blobs.install(blob, version), discard: () => blobs.discard(blob) };
}

export function copiedBytes(blobs: BlobStore, fromVersion: string | null): BytesSource {
  return {
    install: async (version) => {
      if (!fromVersion) throw ERRORS.noSuchKey();
      await blobs.duplicate(fromVersion, version);
    },
    discard: async () => undefined,
  };
}

export interface WriteObject {
  bucketId: string;
  name: string;
  bytes: BytesSource;
  metadata: ObjectMetadata;
  userMetadata: Record<string, unknown> | null;
  owner: string | undefined;
  upsert: boolean;
}

/** The caller's INSERT (or, for an upsert, INSERT ... ON CONFLICT DO UPDATE) of the row; returns its id. */
async function saveRow(tx: StorageTx, spec: WriteObject, version: string): Promise<string> {
  const [owner, ownerId] = ownerColumns(spec.owner);
  const id = randomUUID();
  const values = [id, spec.bucketId, spec.name, owner, ownerId, spec.metadata, spec.userMetadata, version];
  const insert = `insert into storage.objects (id, bucket_id, name, owner, owner_id, metadata, user_metadata, version)
                  values ($1, $2, $3, $4, $5, $6, $7, $8)`;
  if (!spec.upsert) {
    // No RETURNING: a plain upload needs only the INSERT policy, as on hosted Supabase.
    await tx.asCaller(insert, values);
    return id;
  }
  const { rows } = await tx.asCaller<{ id: string }>(
    `${insert}
     on conflict (bucket_id, name) do update set
       metadata = excluded.metadata, user_metadata = excluded.user_metadata, version = excluded.version,
       owner = excluded.owner, owner_id = excluded.owner_id, updated_at = now(), last_accessed_at = now()
     returning id`,
    values,
  );
  return rows[0]!.id;
}

/**
 * Creates (or with `upsert` replaces) one object and puts its bytes in place.
 * `write` may be a function of the transaction, so that copy reads its source
 * through the SELECT policy in the same transaction that writes the copy.
 */
export async function writeObject(
  ctx: EmulatorContext,
  blobs: BlobStore,
  caller: Caller,
  request: RequestInfo,
  write: WriteObject | ((tx: StorageTx) => Promise<WriteObject>),
): Promise<{ id: string; version: string }> {
  const version = randomUUID();
  const state: { bytes?: BytesSource; installed: boolean; replacedVersion: string | null } = {
    bytes: typeof write === "function" ? undefined : write.bytes,
    installed: false,
    replacedVersion: null,
  };
  try {
    const id = await inTransaction(ctx, caller, request, async (tx) => {
      const spec = typeof write === "function" ? await write(tx) : write;
      state.bytes = spec.bytes;
      // Serialise concurrent writes to one name and learn which bytes get replaced.
      const existing = await tx.asAdmin<{ version: string | null }>(
        "select version from storage.objects where bucket_id = $1 and name = $2 for update",
        [spec.bucketId, spec.name],
      );
      state.replacedVersion = existing.rows[0]?.version ?? null;
      const objectId = await saveRow(tx, spec, version);
      await spec.bytes.install(version);
      state.installed = true;
      return objectId;
    });
    if (state.replacedVersion && state.replacedVersion !== version) await blobs.remove(state.replacedVersion);
    return { id, version };
  } catch (error) {
    if (state.installed) await blobs.remove(version);
    else await state.bytes?.discard();
    if ((error as { code?: string }).code === "23505") throw ERRORS.keyAlreadyExists();
    throw error;
  }
}
