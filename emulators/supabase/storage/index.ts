// The Supabase Storage API (/storage/v1) as storage-js calls it: buckets,
// objects, listing, move/copy/remove and signed URLs, with storage.objects and
// storage.buckets RLS deciding every operation and the bytes on local disk.
import path from "node:path";
import { Hono } from "hono";
import type { EmulatorContext } from "../context.ts";
import { BlobStore } from "./blobs.ts";
import { bucketRoutes } from "./buckets.ts";
import { routeNotFound, toStorageError } from "./errors.ts";
import { parseConfigSizeLimit } from "./limits.ts";
import { listRoutes } from "./list.ts";
import { listV2Routes } from "./list-v2.ts";
import { manageRoutes } from "./manage.ts";
import { readRoutes } from "./read.ts";
import { renderImageRoutes } from "./render-image.ts";
import { json, matchRoute, type Route, type StorageRequest } from "./routing.ts";
import { signedUrlRoutes } from "./signed-urls.ts";
import { uploadRoutes } from "./upload.ts";

const MOUNT = "/storage/v1";

// Static paths (list, move, sign, public, info, ...) before the `/object/{bucket}/*` catch-alls.
const ROUTES: Route[] = [
  ...bucketRoutes,
  ...listRoutes,
  ...listV2Routes,
  ...signedUrlRoutes,
  ...manageRoutes,
  ...readRoutes,
  ...renderImageRoutes,
  ...uploadRoutes,
];

export function createStorageApp(ctx: EmulatorContext): Hono {
  const blobs = new BlobStore(path.join(ctx.dataDir, "storage"));
  void blobs.sweepStaleTempFiles().catch((error: unknown) => ctx.log(`[storage] could not sweep temp files: ${String(error)}`));
  const globalSizeLimit = parseConfigSizeLimit(ctx.config.storage.file_size_limit);
  const app = new Hono();

  app.all("*", async (c) => {
    const url = new URL(c.req.url);
    const pathname = url.pathname.startsWith(MOUNT) ? url.pathname.slice(MOUNT.length) : url.pathname;
    try {
      const match = matchRoute(ROUTES, c.req.method, pathname);
      if (!match) return json(routeNotFound(c.req.method, pathname + url.search), 404);
      const request: StorageRequest = {
        ctx,
        blobs,
        globalSizeLimit,
        raw: c.req.raw,
        method: c.req.method,
        path: pathname,
        query: url.searchParams,
        bucket: match.bucket,
        key: match.key,
        header: (name) => c.req.header(name),
      };
      return await match.route.handler(request);
    } catch (thrown) {
      const error = toStorageError(thrown);
      if (error.httpStatus >= 500) {
        ctx.log(`[storage] ${c.req.method} ${pathname} failed: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`);
      }
      return json(error.body(), error.httpStatus);
    }
  });
  return app;
}
