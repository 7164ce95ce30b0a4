// Types shared by the project reads and writes.
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";

/** A Supabase client acting as the signed-in user (server client in the app, a signed-in client in tests). */
export type Client = SupabaseClient<Database>;

export type ProjectRole = Database["public"]["Enums"]["project_role"];
export type JobStatus = Database["public"]["Enums"]["job_status"];
export type PlanTier = Database["public"]["Enums"]["subscription_tier"];
