// Starts a JobWorker from environment variables: the one entry point used by
// `npm run worker` (scripts/worker.ts), `npm run dev` and the e2e server.
import { EnvError } from "@/lib/env";
import { JobWorker } from "./worker";
import { createWorkerClient, workerEnv } from "./worker-client";

export { EnvError };

/** Throws EnvError naming each bad variable; otherwise the worker is running. */
export function startWorkerFromEnv(env: Record<string, string | undefined>, log: (line: string) => void = console.log): JobWorker {
  const settings = workerEnv(env);
  return new JobWorker({ client: createWorkerClient(settings), stepDelayMs: settings.stepDelayMs, log }).start();
}
