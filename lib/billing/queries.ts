import "server-only";
// Reads for /billing, as the signed-in user (row level security decides): the
// plan in force, the subscription behind it, usage against the plan's limits
// as the database enforces them, and the audit trail.
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";
import type { PlanLimits, SubscriptionStatus, Tier } from "./plans";

type Row<T extends keyof Database["public"]["Tables"]> = Database["public"]["Tables"][T]["Row"];

export type SubscriptionRow = Row<"subscriptions">;
export type AuditRow = Pick<Row<"subscription_audit">, "id" | "action" | "details" | "created_at" | "stripe_event_id">;

export interface BillingOverview {
  tier: Tier;
  status: SubscriptionStatus | null;
  subscription: SubscriptionRow | null;
  /** From public.plan_limits: what the database enforces for this tier. */
  limits: PlanLimits;
  usage: { projects: number; jobsThisMonth: number; usageResetsAt: string };
  audit: AuditRow[];
}

export class BillingQueryError extends Error {
  override name = "BillingQueryError";
}

function check<T>(result: { data: T; error: { message: string } | null }, what: string): NonNullable<T> {
  if (result.error) throw new BillingQueryError(`Could not read ${what}: ${result.error.message}`);
  if (result.data === null || result.data === undefined) throw new BillingQueryError(`Could not read ${what}: not found`);
  return result.data as NonNullable<T>;
}

function maybe<T>(result: { data: T; error: { message: string } | null }, what: string): T {
  if (result.error) throw new BillingQueryError(`Could not read ${what}: ${result.error.message}`);
  return result.data;
}

export async function getBillingOverview(supabase: SupabaseClient<Database>, userId: string, auditLimit = 20): Promise<BillingOverview> {
  const [profile, subscription, projects, audit] = await Promise.all([
    supabase.from("users").select("subscription_tier, subscription_status, monthly_usage, usage_reset_at").eq("id", userId).single(),
    supabase.from("subscriptions").select("*").eq("user_id", userId).maybeSingle(),
    supabase.from("projects").select("id", { count: "exact", head: true }).eq("owner_id", userId).is("deleted_at", null),
    supabase
      .from("subscription_audit")
      .select("id, action, details, created_at, stripe_event_id")
      .eq("user_id", userId)
      .order("created_at", { ascending: false })
      .order("id", { ascending: false })
      .limit(auditLimit),
  ]);
  const user = check(profile, "your profile");
  const limits = check(
    await supabase.from("plan_limits").select("max_projects, max_jobs_per_month, max_storage_bytes").eq("tier", user.subscription_tier).single(),
    "the plan's limits",
  );
  if (projects.error) throw new BillingQueryError(`Could not count your projects: ${projects.error.message}`);
  // monthly_usage restarts at usage_reset_at; the counter is only reset by the next job.
  const periodOver = new Date(user.usage_reset_at).getTime() <= Date.now();
  return {
    tier: user.subscription_tier,
    status: user.subscription_status,
    subscription: maybe(subscription, "your subscription"),
    limits: { maxProjects: limits.max_projects, maxJobsPerMonth: limits.max_jobs_per_month, maxStorageBytes: limits.max_storage_bytes },
    usage: { projects: projects.count ?? 0, jobsThisMonth: periodOver ? 0 : user.monthly_usage, usageResetsAt: user.usage_reset_at },
    audit: check(audit, "your billing history"),
  };
}

/** The signed-in user's plan for /pricing (null when signed out). */
export async function getCurrentPlan(supabase: SupabaseClient<Database>): Promise<{ tier: Tier; status: SubscriptionStatus | null } | null> {
  const { data } = await supabase.auth.getClaims();
  const userId = data?.claims?.sub;
  if (!userId) return null;
  const user = maybe(await supabase.from("users").select("subscription_tier, subscription_status").eq("id", userId).maybeSingle(), "your plan");
  return user ? { tier: user.subscription_tier, status: user.subscription_status } : null;
}
