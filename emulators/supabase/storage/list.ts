// POST /object/list/{bucket}: Storage's v1 listing (storage.search). One level
// below `prefix` (a folder; a missing trailing slash is added), names relative
// to it, `search` a case-insensitive name prefix within that level, and each
// deeper path collapsed into one folder entry whose id and dates are null.
// By name: folders and files interleaved in lower-cased name order; by another
// column: folders first (by name), then files by that column. The rows come
// from a SELECT run as the caller, so RLS hides objects (and the folders only
// they would make) exactly as storage.search, a SECURITY INVOKER function, does.
import { z } from "zod";
import { resolveCaller } from "./caller.ts";
import { inTransaction } from "./database.ts";
import { mustBeValidBucketName } from "./limits.ts";
import type { ObjectMetadata } from "./objects.ts";
import { parseWith, readJson } from "./request.ts";
import { json, route, type Route, type StorageRequest } from "./routing.ts";

const SORT_COLUMNS = ["name", "updated_at", "created_at", "last_accessed_at"] as const;
type SortColumn = (typeof SORT_COLUMNS)[number];

const listBodySchema = z.object({
  prefix: z.string(),
  limit: z.number().int().min(1).optional(),
  offset: z.number().int().min(0).optional(),
  sortBy: z.object({ column: z.enum(SORT_COLUMNS), order: z.enum(["asc", "desc"]).optional() }).optional(),
  search: z.string().optional(),
});

interface Row {
  name: string;
  id: string;
  updated_at: Date | null;
  created_at: Date | null;
  last_accessed_at: Date | null;
  metadata: ObjectMetadata | null;
}

type Entry = Omit<Row, "id"> & { id: string | null };

function folderEntry(name: string): Entry {
  return { name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Name order: each entry keyed by its lower-cased path, a folder by its path plus "/". */
function listByName(rows: Row[], prefix: string, match: string, ascending: boolean): Entry[] {
  const folders = new Map<string, { first: string; path: string }>();
  const entries: { sortKey: string; entry: Entry }[] = [];
  for (const row of rows) {
    const slash = row.name.indexOf("/", match.length);
    const lower = row.name.toLowerCase();
    if (slash < 0) {
      entries.push({ sortKey: lower, entry: { ...row, name: row.name.slice(prefix.length) } });
      continue;
    }
    const path = row.name.slice(0, slash);
    const sortKey = `${path.toLowerCase()}/`;
    const known = folders.get(sortKey);
    // A folder is spelled as its first member in sort order spells it.
    if (!known || compareText(lower, known.first) < 0) folders.set(sortKey, { first: lower, path });
  }
  for (const [sortKey, folder] of folders) {
    entries.push({ sortKey, entry: folderEntry(folder.path.slice(prefix.length)) });
  }
  entries.sort((a, b) => compareText(a.sortKey, b.sortKey) * (ascending ? 1 : -1));
  return entries.map((item) => item.entry);
}

function timeOf(value: Date | null): number {
  return value ? value.getTime() : Number.POSITIVE_INFINITY;
}

/** Another column: distinct folders first, ordered by name, then the level's files by the column. */
function listByColumn(rows: Row[], prefix: string, match: string, column: Exclude<SortColumn, "name">, ascending: boolean): Entry[] {
  const direction = ascending ? 1 : -1;
  const folders = new Set<string>();
  const files: Entry[] = [];
  for (const row of rows) {
    const slash = row.name.indexOf("/", match.length);
    if (slash < 0) files.push({ ...row, name: row.name.slice(prefix.length) });
    else folders.add(row.name.slice(prefix.length, slash));
  }
  const folderEntries = [...folders].sort((a, b) => compareText(a, b) * direction).map(folderEntry);
  files.sort((a, b) => (timeOf(a[column]) - timeOf(b[column])) * direction || compareText(a.name, b.name));
  return [...folderEntries, ...files];
}

async function listObjects(req: StorageRequest): Promise<Response> {
  const caller = await resolveCaller(req.ctx, req.header("authorization"));
  mustBeValidBucketName(req.bucket);
  const body = parseWith(listBodySchema, await readJson(req.raw), "body");
  const prefix = body.prefix.length > 0 && !body.prefix.endsWith("/") ? `${body.prefix}/` : body.prefix;
  const match = prefix + (body.search ?? "");
  const limit = Math.min(body.limit ?? 100, 1500);
  const offset = body.offset ?? 0;
  const { rows } = await inTransaction(req.ctx, caller, { method: req.method, path: req.path }, (tx) =>
    tx.asCaller<Row>(
      `select name, id, updated_at, created_at, last_accessed_at, metadata
         from storage.objects
        where bucket_id = $1 and starts_with(lower(name), lower($2))`,
      [req.bucket, match],
    ),
  );
  const column = body.sortBy?.column ?? "name";
  const ascending = (body.sortBy?.order ?? "asc") === "asc";
  const entries =
    column === "name" ? listByName(rows, prefix, match, ascending) : listByColumn(rows, prefix, match, column, ascending);
  return json(entries.slice(offset, offset + limit));
}

export const listRoutes: Route[] = [route("POST", "/object/list/:bucket", listObjects)];
