// The Supabase API emulator: Auth, REST and Storage behind one URL, as hosted
// Supabase serves them, plus the mailbox page on its own port. It needs a
// running Postgres with the platform schema (see stack.ts).
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import pg from "pg";
import { createAuthApp } from "./auth/index.ts";
import { loadSupabaseConfig, type ConfigOverrides } from "./config.ts";
import type { EmulatorContext } from "./context.ts";
import { loadKeys } from "./keys.ts";
import { createMailbox } from "./mailbox.ts";
import { closeRestApp, createRestApp } from "./rest/index.ts";
import { createStorageApp } from "./storage/index.ts";

export interface EmulatorOptions {
  dbUrl: string;
  port: number;
  mailboxPort: number;
  /** Folder for storage objects and mail, e.g. `.local/supabase`. */
  dataDir: string;
  configPath?: string;
  configOverrides?: ConfigOverrides;
  /** One line per request (`info`), or errors only (`error`). */
  logLevel?: "info" | "error" | "silent";
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  mailboxUrl: string;
  context: EmulatorContext;
  stop(): Promise<void>;
}

// Routes hosted Supabase's gateway serves without an apikey: links opened from
// emails, the JWKS, public and signed storage URLs.
const OPEN_ROUTES = [
  /^\/auth\/v1\/verify$/,
  /^\/auth\/v1\/callback$/,
  /^\/auth\/v1\/authorize$/,
  /^\/auth\/v1\/\.well-known\/jwks\.json$/,
  /^\/auth\/v1\/health$/,
  /^\/storage\/v1\/object\/public\//,
  /^\/storage\/v1\/object\/sign\//,
  /^\/storage\/v1\/render\/image\/public\//,
  /^\/storage\/v1\/render\/image\/sign\//,
  /^\/_emulator\//,
];

type FetchHandler = (request: Request) => Response | Promise<Response>;

// Binds the port at once and answers 503 until `setHandler` is called. The
// ports are taken before the emulator opens any database connection: Linux
// picks a client's local port from the same range, so a pool connection made
// first can occupy the very port we are about to listen on.
function listenNow(port: number): Promise<{ server: ServerType; setHandler(handler: FetchHandler): void }> {
  let handler: FetchHandler = () => new Response("The Supabase emulator is starting", { status: 503 });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: (request) => handler(request), port, hostname: "127.0.0.1" }, () =>
      resolve({ server, setHandler: (next) => (handler = next) }),
    );
    server.once("error", reject);
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    if ("closeAllConnections" in server) server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startSupabaseEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const level = options.logLevel ?? "info";
  const log = options.log ?? ((line: string) => console.log(line));
  const config = loadSupabaseConfig(options.configPath, options.configOverrides);
  const keys = await loadKeys(config);
  const api = await listenNow(options.port);
  const mail = await listenNow(options.mailboxPort).catch(async (error) => {
    await close(api.server);
    throw error;
  });
  // A request waits at most 10 s for a connection, then fails with a 500, as
  // the real services do when their pool is exhausted, rather than hanging.
  const pool = new pg.Pool({ connectionString: options.dbUrl, max: 20, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000 });
  pool.on("error", (error) => {
    // 57P01: Postgres is shutting down (Ctrl-C reaches it too); nothing to report.
    if ((error as { code?: string }).code !== "57P01") log(`[supabase] idle connection error: ${error.message}`);
  });

  const apiUrl = `http://127.0.0.1:${options.port}`;
  const mailboxUrl = `http://127.0.0.1:${options.mailboxPort}`;
  const context: EmulatorContext = {
    pool,
    dbUrl: options.dbUrl,
    config,
    keys,
    apiUrl,
    mailboxUrl,
    dataDir: options.dataDir,
    log: (line) => level !== "silent" && log(line),
  };
  const mailbox = createMailbox(context);

  const app = new Hono();
  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    if (level === "info" || (level === "error" && status >= 500)) {
      const ms = (performance.now() - started).toFixed(1);
      log(`[supabase] ${c.req.method} ${new URL(c.req.url).pathname} ${status} ${ms}ms`);
    }
  });
  app.use(
    "*",
    cors({
      origin: (origin) => origin || "*",
      credentials: true,
      allowHeaders: [
        "authorization", "apikey", "x-client-info", "content-type", "prefer", "range", "accept-profile",
        "content-profile", "x-upsert", "cache-control", "x-supabase-api-version", "accept", "x-retry-count",
      ],
      allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["content-range", "content-length", "content-type", "x-supabase-api-version", "location", "x-total-count", "link"],
      maxAge: 3600,
    }),
  );
  app.use("*", async (c, next) => {
    const pathname = new URL(c.req.url).pathname;
    if (c.req.method === "OPTIONS" || OPEN_ROUTES.some((route) => route.test(pathname))) return next();
    const apikey = c.req.header("apikey") ?? new URL(c.req.url).searchParams.get("apikey");
    if (!apikey) {
      return c.json({ message: "No API key found in request", hint: "No `apikey` request header or url param was found." }, 401);
    }
    if (!keys.roleForApiKey(apikey)) return c.json({ message: "Invalid API key", hint: "Double check the provided API key." }, 401);
    return next();
  });
  app.get("/_emulator/health", (c) => c.json({ ok: true }));
  app.route("/auth/v1", createAuthApp(context, mailbox));
  const restApp = createRestApp(context);
  app.route("/rest/v1", restApp);
  app.route("/storage/v1", createStorageApp(context));

  api.setHandler(app.fetch);
  mail.setHandler(mailbox.app.fetch);
  return {
    url: apiUrl,
    mailboxUrl,
    context,
    async stop() {
      await Promise.all([close(api.server), close(mail.server)]);
      await closeRestApp(restApp);
      await pool.end();
    },
  };
}
