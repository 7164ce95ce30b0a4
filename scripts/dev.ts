// `npm run dev`: the local services the env points at, then `next dev`.
// One Ctrl-C (or SIGTERM) stops all of it.
import { spawn } from "node:child_process";
import { EnvError, parseEnv, publicEnvSchema, serverEnvSchema } from "../lib/env.ts";
import { loadProjectEnv } from "./lib/env.ts";
import { startWorkerFromEnv } from "../lib/jobs/run.ts";
import { reportStartupError, startLocalServices } from "./lib/local-services.ts";
import { stopAllOnExit } from "./lib/supervise.ts";

const started = performance.now();
console.log(`Node ${process.version}`);
const env = loadProjectEnv("development");
process.env.NEXT_TELEMETRY_DISABLED = "1";

// Check .env.development/.env.local before starting anything, so a bad value is
// one clear message here rather than an error deep inside a request.
try {
  parseEnv(publicEnvSchema, env, "public");
  parseEnv(serverEnvSchema, env, "server");
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n✖ ${error.message}\n  (values come from .env.development, overridden by .env.local and your shell)\n`);
  process.exit(1);
}

const services = await startLocalServices(env, (line) => console.log(line)).catch(reportStartupError);
for (const line of services.lines) console.log(`  ${line}`);

// The job worker runs in this process once the stack is up (lib/jobs/run.ts);
// JOB_STEP_DELAY_MS paces the quick demo jobs so their progress bar is visible.
const worker = startWorkerFromEnv({ JOB_STEP_DELAY_MS: "400", ...process.env });

const next = spawn("next", ["dev", ...process.argv.slice(2)], { stdio: "inherit", env: process.env });
console.log(`  Local services ready in ${((performance.now() - started) / 1000).toFixed(1)}s; starting Next.js…`);

// The worker finishes or requeues its current job before the stack goes.
stopAllOnExit(next, [worker, services], { exitCodeWhenNextExits: 0 });
