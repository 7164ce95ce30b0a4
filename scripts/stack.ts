// `npm run stack` / `stack:stop` / `stack:status`: the local services alone,
// like `supabase start`. `start` launches them in a background process and
// returns once they answer; its log is .local/stack.log.
import { spawn } from "node:child_process";
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isProcessAlive, readPostmasterPid, stopPostgresByDataDir } from "../emulators/supabase/postgres.ts";
import { loadProjectEnv } from "./lib/env.ts";
import { LOCAL_DIR, reportStartupError, startLocalServices } from "./lib/local-services.ts";

const PID_FILE = path.join(LOCAL_DIR, "stack.pid");
const LOG_FILE = path.join(LOCAL_DIR, "stack.log");
const DB_DIR = path.join(LOCAL_DIR, "db");

function runningPid(): number | null {
  if (!existsSync(PID_FILE)) return null;
  const pid = Number(readFileSync(PID_FILE, "utf8"));
  return Number.isInteger(pid) && isProcessAlive(pid) ? pid : null;
}

async function serve() {
  const env = loadProjectEnv("development");
  const services = await startLocalServices(env, (line) => console.log(line)).catch(reportStartupError);
  console.log(["Local stack ready:", ...services.lines.map((l) => `  ${l}`)].join("\n"));
  const stop = async () => {
    await services.stop();
    rmSync(PID_FILE, { force: true });
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

async function start() {
  const pid = runningPid();
  if (pid) {
    console.log(`The local stack is already running (pid ${pid}). \`npm run stack:status\` shows it.`);
    return;
  }
  const log = openSync(LOG_FILE, "w");
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename, "serve"], {
    detached: true,
    stdio: ["ignore", log, log],
  });
  writeFileSync(PID_FILE, String(child.pid));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const text = readFileSync(LOG_FILE, "utf8");
    if (text.includes("Local stack ready:")) {
      console.log(text.slice(text.indexOf("Local stack ready:")).trimEnd());
      console.log("Stop it with `npm run stack:stop`.");
      child.unref();
      return;
    }
    if (child.exitCode !== null) {
      rmSync(PID_FILE, { force: true });
      console.error(text.trimEnd());
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`The local stack did not become ready in 60s; see ${LOG_FILE}.`);
  process.exit(1);
}

async function stop() {
  const pid = runningPid();
  if (pid) {
    process.kill(pid, "SIGTERM");
    while (isProcessAlive(pid)) await new Promise((r) => setTimeout(r, 100));
    console.log(`Stopped the local stack (pid ${pid}).`);
  }
  rmSync(PID_FILE, { force: true });
  // Also stops a Postgres orphaned by a killed `npm run dev`.
  if (await stopPostgresByDataDir(DB_DIR)) console.log("Stopped the local Postgres.");
  else if (!pid) console.log("The local stack was not running.");
}

async function status() {
  const env = loadProjectEnv("development");
  const pid = runningPid();
  const postgres = readPostmasterPid(DB_DIR);
  const probe = async (url: string | undefined) =>
    url ? fetch(`${url}/_emulator/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false) : false;
  const rows = [
    ["stack process", pid ? `running (pid ${pid})` : "not running"],
    ["Postgres", postgres && isProcessAlive(postgres.pid) ? `running on 127.0.0.1:${postgres.port}` : "stopped"],
    ["Supabase API", (await probe(env.NEXT_PUBLIC_SUPABASE_URL)) ? `up at ${env.NEXT_PUBLIC_SUPABASE_URL}` : "down"],
    ["Stripe API", (await probe(env.STRIPE_API_URL)) ? `up at ${env.STRIPE_API_URL}` : "down"],
  ];
  for (const [name, state] of rows) console.log(`${name!.padEnd(14)} ${state}`);
}

const command = process.argv[2];
const commands: Record<string, () => Promise<void>> = { start, stop, status, serve };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error("Usage: tsx scripts/stack.ts start|stop|status");
  process.exit(2);
}
await run();
