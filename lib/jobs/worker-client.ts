// The worker's service-role client. The worker is a plain Node process (not
// Next), so it cannot import lib/supabase/admin.ts ("server-only"); this
// module builds the same client from the same env variables, validated with
// lib/env.ts's own field schemas, and needs nothing else (no Stripe keys).
import { createClient } from "@supabase/supabase-js";
import { z } from "zod";
import { parseEnv, publicEnvSchema, serverEnvSchema } from "@/lib/env";
import type { Client } from "@/lib/projects/types";
import type { Database } from "@/lib/supabase/database.types";

const publicFields = publicEnvSchema.in.shape;
const serverFields = serverEnvSchema.in.shape;

export const workerEnvSchema = z
  .object({
    NEXT_PUBLIC_SUPABASE_URL: publicFields.NEXT_PUBLIC_SUPABASE_URL,
    SUPABASE_SECRET_KEY: serverFields.SUPABASE_SECRET_KEY,
    SUPABASE_SERVICE_ROLE_KEY: serverFields.SUPABASE_SERVICE_ROLE_KEY,
    // Pause between a handler's steps, so the progress bar of these quick demo
    // jobs is visible; real handlers that take time on their own leave it at 0.
    JOB_STEP_DELAY_MS: z.coerce.number().int().min(0).max(10_000, "must be at most 10000 (ms)").default(0),
  })
  .refine((env) => Boolean(env.SUPABASE_SECRET_KEY || env.SUPABASE_SERVICE_ROLE_KEY), {
    path: ["SUPABASE_SECRET_KEY"],
    message: "is required (or the legacy SUPABASE_SERVICE_ROLE_KEY): the project's secret key, sb_secret_…",
    when: () => true,
  })
  .transform((env) => ({
    supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL,
    secretKey: (env.SUPABASE_SECRET_KEY ?? env.SUPABASE_SERVICE_ROLE_KEY)!,
    stepDelayMs: env.JOB_STEP_DELAY_MS,
  }));

export type WorkerEnv = z.output<typeof workerEnvSchema>;

export function workerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvSchema, source, "worker");
}

/** A service-role client: bypasses row level security, for the worker only. */
export function createWorkerClient(env: Pick<WorkerEnv, "supabaseUrl" | "secretKey">): Client {
  return createClient<Database>(env.supabaseUrl, env.secretKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
