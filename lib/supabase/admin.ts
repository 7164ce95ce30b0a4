import "server-only";
// Service-role client: bypasses row level security. Only for the Stripe
// webhook, the job worker and admin scripts; never for user-triggered reads.
import { createClient } from "@supabase/supabase-js";
import { publicEnv } from "@/lib/env";
import { serverEnv } from "@/lib/env.server";
import type { Database } from "./database.types";

export function createAdminClient() {
  return createClient<Database>(publicEnv().supabaseUrl, serverEnv().supabaseSecretKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
