// The REST API (/rest/v1): PostgREST's HTTP contract as @supabase/supabase-js
// uses it, over the emulator's Postgres. Requests run on their own pool that
// logs in as `authenticator` (PostgREST's login role) and switches to the
// request's role; the schema cache follows DDL through `NOTIFY pgrst`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Hono } from "hono";
import pg from "pg";
import type { EmulatorContext } from "../context.ts";
import { Authenticator } from "./auth.ts";
import { invalidResourcePath, openApiDisabled, RestError } from "./errors.ts";
import { Executor } from "./executor.ts";
import type { RestServices } from "./handlers/context.ts";
import { handleRpc } from "./handlers/rpc.ts";
import { handleTable } from "./handlers/table.ts";
import { errorResponse } from "./respond.ts";
import { SchemaCacheManager } from "./schema/cache.ts";

const SCHEMA_WATCH_SQL = path.join(import.meta.dirname, "schema-cache.sql");
const POOL_SIZE = 10;

/** The login role's URL: same server and database, PostgREST's `authenticator`. */
function authenticatorUrl(dbUrl: string): string {
  const url = new URL(dbUrl);
  url.username = "authenticator";
  url.password = "postgres";
  return url.toString();
}

interface RestRuntime {
  services: RestServices;
  pool: pg.Pool;
  ready: Promise<void>;
}

const runtimes = new WeakMap<Hono, RestRuntime>();

/** Installs the DDL event triggers; needs a superuser, on a connection of its own that is closed after. */
async function installSchemaWatch(dbUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(readFileSync(SCHEMA_WATCH_SQL, "utf8"));
  } finally {
    await client.end();
  }
}

async function start(ctx: EmulatorContext, runtime: RestRuntime): Promise<void> {
  try {
    await installSchemaWatch(ctx.dbUrl);
  } catch (error) {
    // Without the event triggers the cache still reloads on NOTIFY and on lookup misses.
    ctx.log(`[rest] could not install the schema-change triggers: ${(error as Error).message}`);
  }
  await Promise.all([runtime.services.cache.listen(), runtime.services.cache.reload().then(() => undefined)]);
}

async function respond(runtime: RestRuntime, ctx: EmulatorContext, handler: () => Promise<Response>): Promise<Response> {
  await runtime.ready.catch(() => undefined);
  try {
    return await handler();
  } catch (error) {
    if (error instanceof RestError) return errorResponse(error);
    ctx.log(`[rest] unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return errorResponse(new RestError(500, "PGRSTX00", error instanceof Error ? error.message : "Internal error"));
  }
}

export function createRestApp(ctx: EmulatorContext): Hono {
  const pool = new pg.Pool({
    connectionString: authenticatorUrl(ctx.dbUrl),
    max: POOL_SIZE,
    idleTimeoutMillis: 30_000,
    // PostgREST's db-pool-acquisition-timeout.
    connectionTimeoutMillis: 10_000,
    allowExitOnIdle: true,
  });
  pool.on("error", (error) => {
    // 57P01: Postgres is shutting down (Ctrl-C reaches it too); nothing to report.
    if ((error as { code?: string }).code !== "57P01") ctx.log(`[rest] idle connection error: ${error.message}`);
  });
  const services: RestServices = {
    cache: new SchemaCacheManager(pool, authenticatorUrl(ctx.dbUrl), ctx.config.api.schemas, ctx.log),
    executor: new Executor(pool),
    authenticator: new Authenticator(ctx.keys),
    exposedSchemas: ctx.config.api.schemas,
    extraSearchPath: ctx.config.api.extra_search_path,
    maxRows: ctx.config.api.max_rows,
  };
  const runtime: RestRuntime = { services, pool, ready: Promise.resolve() };
  runtime.ready = start(ctx, runtime);
  runtime.ready.catch((error: Error) => ctx.log(`[rest] schema cache not loaded yet: ${error.message}`));

  const app = new Hono();
  app.all("/rpc/:fn", (c) => respond(runtime, ctx, () => handleRpc(c, services, c.req.param("fn"))));
  app.all("/:table", (c) => respond(runtime, ctx, () => handleTable(c, services, c.req.param("table"))));
  app.all("*", (c) => {
    // The root, with or without its trailing slash, is where PostgREST serves OpenAPI.
    const isRoot = /\/rest\/v1\/?$/.test(c.req.path);
    return respond(runtime, ctx, () => Promise.reject(isRoot ? openApiDisabled() : invalidResourcePath()));
  });
  runtimes.set(app, runtime);
  return app;
}

/** Closes the REST API's pool and LISTEN connection; call before the server's own pool ends. */
export async function closeRestApp(app: Hono): Promise<void> {
  const runtime = runtimes.get(app);
  if (!runtime) return;
  runtimes.delete(app);
  await runtime.ready.catch(() => undefined);
  await runtime.services.cache.close();
  await runtime.pool.end();
}
