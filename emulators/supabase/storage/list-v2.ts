// POST /object/list-v2/{bucket}: Storage's cursor-paged listing (storage-js
// listV2). `prefix` is a plain string prefix matched case-sensitively; without
// `with_delimiter` every object under it comes back with its full name, with it
// the deeper paths fold into folders (named with a trailing "/", id null).
// Names order byte-wise (COLLATE "C"); a date sort orders by that column, then
// name. `nextCursor` is Storage's own base64 token ("l:<last name>\no:<order>
// \nc:<column>\na:<column value>"), so cursors from either side interoperate.
// The rows come from a SELECT as the caller, so RLS hides what it hides.
import { z } from "zod";
import { resolveCaller } from "./caller.ts";
import { inTransaction } from "./database.ts";
import { ERRORS } from "./errors.ts";
import { mustBeValidBucketName } from "./limits.ts";
import type { ObjectMetadata } from "./objects.ts";
import { parseWith, readJson } from "./request.ts";
import { json, route, type Route, type StorageRequest } from "./routing.ts";

const bodySchema = z.object({
  prefix: z.string().optional(),
  limit: z.number().int().min(1).optional(),
  cursor: z.string().optional(),
  with_delimiter: z.boolean().optional(),
  sortBy: z
    .object({ column: z.enum(["name", "updated_at", "created_at"]), order: z.enum(["asc", "desc"]).optional() })
    .optional(),
});

type DateColumn = "updated_at" | "created_at";

interface Row {
  name: string;
  id: string | null;
  updated_at: Date | null;
  created_at: Date | null;
  last_accessed_at: Date | null;
  metadata: ObjectMetadata | null;
}

interface Cursor {
  startAfter: string;
  sortOrder?: string;
  sortColumn?: string;
  sortColumnAfter?: string;
}

const CURSOR_PARTS = { l: "startAfter", o: "sortOrder", c: "sortColumn", a: "sortColumnAfter" } as const;

function encodeCursor(cursor: Cursor): string {
  const lines = Object.entries(CURSOR_PARTS)
    .filter(([, field]) => cursor[field])
    .map(([part, field]) => `${part}:${cursor[field]}`);
  return Buffer.from(lines.join("\n")).toString("base64");
}

function decodeCursor(token: string): Cursor {
  const cursor: Cursor = { startAfter: "", sortOrder: "asc" };
  for (const line of Buffer.from(token, "base64").toString().split("\n")) {
    const match = /^(\S):(.*)/.exec(line);
    const field = match ? CURSOR_PARTS[match[1] as keyof typeof CURSOR_PARTS] : undefined;
    if (!match || !field) throw ERRORS.invalidParameter("continuation token");
    cursor[field] = match[2]!;
  }
  return cursor;
}

/** Byte order of the UTF-8 text, as COLLATE "C" compares. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function epochMs(value: Date | null): number {
  return value ? value.getTime() : 0;
}

/** Files and the folders deeper paths make; a folder's dates are its oldest member's creation, as Storage's SQL gives. */
function foldFolders(rows: Row[], prefix: string): Row[] {
  const folders = new Map<string, Row>();
  const entries: Row[] = [];
  for (const row of rows) {
    const slash = row.name.indexOf("/", prefix.length);
    if (slash < 0) {
      entries.push(row);
      continue;
    }
    const name = row.name.slice(0, slash);
    const folder = folders.get(name);
    const created = row.created_at;
    if (!folder) {
      folders.set(name, { name, id: null, updated_at: created, created_at: created, last_accessed_at: null, metadata: null });
    } else if (created && (!folder.created_at || created < folder.created_at)) {
      folder.created_at = folder.updated_at = created;
    }
  }
  return [...entries, ...folders.values()];
}

async function listObjectsV2(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  const body = parseWith(bodySchema, await readJson(req.raw, {}), "body");
  const limit = Math.min(body.limit ?? 1000, 1000);
  const prefix = body.prefix ?? "";
  const delimited = body.with_delimiter === true;
  const cursor = body.cursor ? decodeCursor(body.cursor) : undefined;
  const order = cursor?.sortOrder || body.sortBy?.order || "asc";
  const sortColumn = cursor?.sortColumn || body.sortBy?.column;
  const dateColumn: DateColumn | undefined = sortColumn === "updated_at" || sortColumn === "created_at" ? sortColumn : undefined;
  const direction = order === "desc" ? -1 : 1;

  const { rows } = await inTransaction(req.ctx, caller, { method: req.method, path: req.path }, (tx) =>
    tx.asCaller<Row>(
      `select name, id, updated_at, created_at, last_accessed_at, metadata
         from storage.objects where bucket_id = $1 and starts_with(name, $2)`,
      [req.bucket, prefix],
    ),
  );
  const entries = delimited ? foldFolders(rows, prefix) : rows;
  // A folder sorts where its members do: by its path plus "/".
  const nameKey = (row: Row) => (row.id === null ? `${row.name}/` : row.name);
  const compare = (a: Row, b: Row) =>
    (dateColumn ? epochMs(a[dateColumn]) - epochMs(b[dateColumn]) : 0) || compareBytes(nameKey(a), nameKey(b));
  entries.sort((a, b) => compare(a, b) * direction);

  let page = entries;
  if (cursor?.startAfter) {
    const after = cursor.startAfter;
    const isFolder = delimited && rows.some((row) => row.name.startsWith(`${after}/`));
    const afterKey = isFolder ? `${after}/` : after;
    const afterTime = cursor.sortColumnAfter ? Date.parse(cursor.sortColumnAfter) : 0;
    page = entries.filter((row) => {
      const byTime = dateColumn && cursor.sortColumnAfter !== undefined ? epochMs(row[dateColumn]) - afterTime : 0;
      return (byTime || compareBytes(nameKey(row), afterKey)) * direction > 0;
    });
  }

  const levels = prefix ? prefix.split("/").length : 1;
  const shown = page.slice(0, limit);
  const folders = shown
    .filter((row) => row.id === null)
    .map((row) => ({ key: row.name.split("/")[levels - 1] ?? "", ...row, name: `${row.name}/` }));
  const objects = shown
    .filter((row) => row.id !== null)
    .map((row) => (delimited ? { key: row.name.split("/")[levels - 1] ?? "", ...row } : row));
  const last = shown.at(-1);
  const hasNext = page.length > limit && last !== undefined;
  const lastDate = hasNext && dateColumn ? last[dateColumn] : null;
  return json({
    hasNext,
    nextCursor: hasNext
      ? encodeCursor({
          startAfter: last.name,
          sortOrder: cursor?.sortOrder || body.sortBy?.order,
          sortColumn,
          sortColumnAfter: lastDate ? lastDate.toISOString() : undefined,
        })
      : undefined,
    nextCursorKey: hasNext ? last.name : undefined,
    folders,
    objects,
  });
}

export const listV2Routes: Route[] = [route("POST", "/object/list-v2/:bucket", listObjectsV2)];
