import { cn } from "@/components/ui/cn";
import { STATUS_LABELS } from "@/lib/billing/history";
import type { SubscriptionStatus } from "@/lib/billing/plans";

const TONES: Record<SubscriptionStatus, string> = {
  active: "border-success/40 bg-success/10 text-success",
  trialing: "border-accent/40 bg-accent/10 text-accent",
  past_due: "border-danger/40 bg-danger/10 text-danger",
  unpaid: "border-danger/40 bg-danger/10 text-danger",
  incomplete: "border-border bg-surface text-muted",
  paused: "border-border bg-surface text-muted",
  canceled: "border-border bg-surface text-muted",
  incomplete_expired: "border-border bg-surface text-muted",
};

export function StatusBadge({ status }: { status: SubscriptionStatus }) {
  return (
    <span data-testid="subscription-status" className={cn("inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium", TONES[status])}>
      {STATUS_LABELS[status]}
    </span>
  );
}
