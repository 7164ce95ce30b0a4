// The plans: which Stripe prices sell each paid tier (found by `lookup_key`,
// so no price id is pasted into code) and how each tier is described. The
// limits are defined once, in SQL (public.plan_limits, which the database
// enforces); the copy below repeats them for the public pricing page, which
// cannot read that table, and plans.int.test.ts fails if the two differ.
import type { Database } from "@/lib/supabase/database.types";

export type Tier = Database["public"]["Enums"]["subscription_tier"];
export type SubscriptionStatus = Database["public"]["Enums"]["subscription_status"];

export const TIERS = ["free", "pro", "studio", "enterprise"] as const satisfies readonly Tier[];
export const PAID_TIERS = ["pro", "studio", "enterprise"] as const satisfies readonly Tier[];
export type PaidTier = (typeof PAID_TIERS)[number];

export const INTERVALS = ["month", "year"] as const;
export type Interval = (typeof INTERVALS)[number];

export interface PlanLimits {
  /** Active projects the user may own; null = unlimited. */
  maxProjects: number | null;
  /** Jobs per calendar month (UTC) in the user's projects; null = unlimited. */
  maxJobsPerMonth: number | null;
  /** Storage for job outputs; null = unlimited. */
  maxStorageBytes: number | null;
}

export interface Plan {
  tier: Tier;
  name: string;
  tagline: string;
  limits: PlanLimits;
  /** What the plan adds beyond its limits, for the pricing cards. */
  extras: string[];
}

const GIB = 1024 ** 3;

export const PLANS: Record<Tier, Plan> = {
  free: {
    tier: "free",
    name: "Free",
    tagline: "Try it out on a side project.",
    limits: { maxProjects: 3, maxJobsPerMonth: 50, maxStorageBytes: 1 * GIB },
    extras: ["Invite collaborators", "Community support"],
  },
  pro: {
    tier: "pro",
    name: "Pro",
    tagline: "For individuals shipping real projects.",
    limits: { maxProjects: 50, maxJobsPerMonth: 2000, maxStorageBytes: 50 * GIB },
    extras: ["Everything in Free", "Email support"],
  },
  studio: {
    tier: "studio",
    name: "Studio",
    tagline: "For small teams working together.",
    limits: { maxProjects: 500, maxJobsPerMonth: 20_000, maxStorageBytes: 500 * GIB },
    extras: ["Everything in Pro", "Priority support"],
  },
  enterprise: {
    tier: "enterprise",
    name: "Enterprise",
    tagline: "For organisations with volume.",
    limits: { maxProjects: null, maxJobsPerMonth: null, maxStorageBytes: null },
    extras: ["Everything in Studio", "Dedicated support"],
  },
};

/** The Stripe price `lookup_key` of a paid tier and interval: `pro_monthly`, `studio_yearly`, … */
export function lookupKeyFor(tier: PaidTier, interval: Interval): string {
  return `${tier}_${interval === "month" ? "monthly" : "yearly"}`;
}

/** Every lookup key the app sells, in display order. */
export const LOOKUP_KEYS: readonly string[] = PAID_TIERS.flatMap((tier) => INTERVALS.map((interval) => lookupKeyFor(tier, interval)));

/** The tier and interval a lookup key sells, or null for a price this app does not know. */
export function planForLookupKey(lookupKey: string | null | undefined): { tier: PaidTier; interval: Interval } | null {
  for (const tier of PAID_TIERS) {
    for (const interval of INTERVALS) {
      if (lookupKeyFor(tier, interval) === lookupKey) return { tier, interval };
    }
  }
  return null;
}

export function isPaidTier(value: unknown): value is PaidTier {
  return typeof value === "string" && (PAID_TIERS as readonly string[]).includes(value);
}

/** "50 projects", "Unlimited projects", "2,000 jobs a month", "50 GB storage". */
export function describeLimits(limits: PlanLimits): string[] {
  const count = (value: number | null, unit: string) => (value === null ? `Unlimited ${unit}` : `${value.toLocaleString("en-US")} ${unit}`);
  return [
    count(limits.maxProjects, "projects"),
    limits.maxJobsPerMonth === null ? "Unlimited jobs" : `${limits.maxJobsPerMonth.toLocaleString("en-US")} jobs a month`,
    limits.maxStorageBytes === null ? "Unlimited storage" : `${formatBytes(limits.maxStorageBytes)} storage`,
  ];
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * GIB) return `${Math.round(bytes / (1024 * GIB))} TB`;
  if (bytes >= GIB) return `${Math.round(bytes / GIB)} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** Statuses in which the subscribed tier is in force (mirrors the SQL function). */
export const PAID_STATUSES: readonly SubscriptionStatus[] = ["active", "trialing", "past_due"];

/**
 * A subscription in these statuses still exists at Stripe: plan changes go
 * through the portal, and a second Checkout would bill twice. (Ended ones and
 * Checkout's short-lived "incomplete" don't count.)
 */
export function hasLiveSubscription(status: SubscriptionStatus | null | undefined): boolean {
  return status === "active" || status === "trialing" || status === "past_due" || status === "unpaid" || status === "paused";
}
