// Usage against the limits the database enforces for the current plan.
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { formatDate } from "@/lib/billing/history";
import { formatBytes, type PlanLimits } from "@/lib/billing/plans";
import type { BillingOverview } from "@/lib/billing/queries";

function Meter({ label, used, limit, note }: { label: string; used: number; limit: number | null; note?: string }) {
  const percent = limit ? Math.min(100, Math.round((used / limit) * 100)) : 0;
  const full = limit !== null && used >= limit;
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium">{label}</span>
        <span className={cn("tabular-nums", full ? "text-danger" : "text-muted")}>
          {used.toLocaleString("en-US")} {limit === null ? "· unlimited" : `of ${limit.toLocaleString("en-US")}`}
        </span>
      </div>
      {limit !== null && (
        <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={used} className="h-2 overflow-hidden rounded-full bg-surface ring-1 ring-border ring-inset">
          <div className={cn("h-full rounded-full", full ? "bg-danger" : "bg-accent")} style={{ width: `${percent}%` }} />
        </div>
      )}
      {note && <p className="text-xs text-muted">{note}</p>}
    </div>
  );
}

export function UsageCard({ usage, limits }: { usage: BillingOverview["usage"]; limits: PlanLimits }) {
  return (
    <Card aria-labelledby="usage-title">
      <CardHeader title={<span id="usage-title">Usage</span>} description="What your plan allows, as the database enforces it." />
      <CardContent className="flex flex-col gap-5">
        <Meter label="Projects" used={usage.projects} limit={limits.maxProjects} note="Active projects you own; the trash doesn't count." />
        <Meter label="Jobs this month" used={usage.jobsThisMonth} limit={limits.maxJobsPerMonth} note={`Resets on ${formatDate(usage.usageResetsAt)}.`} />
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <span className="font-medium">Storage</span>
          <span className="text-muted">{limits.maxStorageBytes === null ? "Unlimited" : `Up to ${formatBytes(limits.maxStorageBytes)}`}</span>
        </div>
      </CardContent>
    </Card>
  );
}
