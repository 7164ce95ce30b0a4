// The server Playwright tests run against: a fresh local stack on its own
// ports (so a running `npm run dev` is untouched), a production build of the
// app pointed at it, and `next start`. SIGTERM stops all of it.
// E2E_SKIP_BUILD=1 reuses the last build when iterating locally.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { e2eEnv } from "./lib/e2e-env.ts";
import { startWorkerFromEnv } from "../lib/jobs/run.ts";
import { reportStartupError, startLocalServices } from "./lib/local-services.ts";
import { stopAllOnExit } from "./lib/supervise.ts";

const env = e2eEnv();
const localDir = path.resolve(".local/e2e");
rmSync(localDir, { recursive: true, force: true });
Object.assign(process.env, env, { NEXT_TELEMETRY_DISABLED: "1" });

const services = await startLocalServices(process.env, (line) => console.log(line), {
  localDir,
  // Browser tests create the users they need; the demo seed would only collide.
  seedNewDatabase: false,
  configOverrides: { auth: { site_url: env.NEXT_PUBLIC_SITE_URL, additional_redirect_urls: [`${env.NEXT_PUBLIC_SITE_URL}/**`] } },
}).catch(reportStartupError);
console.log(services.lines.join("\n"));

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("next", ["build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (build.status !== 0) {
    await services.stop();
    process.exit(build.status ?? 1);
  }
}

// The job worker runs in this process once the stack is up (lib/jobs/run.ts);
// JOB_STEP_DELAY_MS paces the quick demo jobs: each step outlasts the jobs
// panel's one-second poll, so the tests see the progress bar move.
const worker = startWorkerFromEnv({ JOB_STEP_DELAY_MS: "1000", ...process.env });

const port = new URL(env.NEXT_PUBLIC_SITE_URL).port;
const next = spawn("next", ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });

// The worker finishes or requeues its current job before the stack goes.
stopAllOnExit(next, [worker, services], { exitCodeWhenNextExits: 1 });
