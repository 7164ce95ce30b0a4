// "2 of 3 projects" on the user's plan, from public.plan_limits (the numbers
// the database enforces), with an upgrade link once the limit is reached.
import type { Route } from "next";
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { PlanUsage as Usage } from "@/lib/projects/queries";

const PLAN_NAMES = { free: "Free", pro: "Pro", studio: "Studio", enterprise: "Enterprise" } as const;

// The billing page is built by the billing feature; until it exists typed routes can't know it.
export const UPGRADE_HREF = "/billing" as Route;

export function PlanUsage({ usage }: { usage: Usage }) {
  const plan = PLAN_NAMES[usage.tier];
  const percent = usage.limit ? Math.min(100, Math.round((usage.used / usage.limit) * 100)) : 0;
  return (
    <section aria-label="Plan usage" className="flex flex-col gap-2 rounded-xl border border-border bg-surface/60 px-4 py-3 sm:flex-row sm:items-center sm:gap-4">
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <p className="text-sm">
          {usage.limit === null ? (
            <>
              <span className="font-medium">{usage.used} {usage.used === 1 ? "project" : "projects"}</span>
              <span className="text-muted"> · unlimited on the {plan} plan</span>
            </>
          ) : (
            <>
              <span className="font-medium" data-testid="plan-usage">
                {usage.used} of {usage.limit} projects
              </span>
              <span className="text-muted"> on the {plan} plan</span>
            </>
          )}
        </p>
        {usage.limit !== null && (
          <div
            role="progressbar"
            aria-label="Projects used"
            aria-valuemin={0}
            aria-valuemax={usage.limit}
            aria-valuenow={usage.used}
            className="h-1.5 w-full max-w-xs overflow-hidden rounded-full bg-border"
          >
            <div className={cn("h-full rounded-full", usage.reached ? "bg-danger" : "bg-accent")} style={{ width: `${percent}%` }} />
          </div>
        )}
      </div>
      {usage.reached && (
        <p className="text-sm">
          <span className="text-muted">You&apos;ve reached your plan&apos;s limit. </span>
          <Link href={UPGRADE_HREF} className="font-medium text-accent underline-offset-4 hover:underline">
            Upgrade for more projects
          </Link>
        </p>
      )}
    </section>
  );
}
