// `npm run worker`: runs queued jobs (lib/jobs/worker.ts) against the env's
// Supabase project until SIGINT/SIGTERM, which finishes or requeues the job in
// hand before exiting. Run as many copies as the queue needs: claim_jobs uses
// FOR UPDATE SKIP LOCKED, so no two copies ever get the same job.
import { EnvError, startWorkerFromEnv } from "../lib/jobs/run.ts";
import { loadProjectEnv } from "./lib/env.ts";

const env = loadProjectEnv(process.env.NODE_ENV === "production" ? "production" : "development");

function start() {
  try {
    return startWorkerFromEnv(env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`\n✖ ${error.message}\n`);
    process.exit(1);
  }
}
const worker = start();
console.log(`Job worker ${worker.id} started; Ctrl-C stops it after the current job.`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  console.log("Stopping the job worker…");
  await worker.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
