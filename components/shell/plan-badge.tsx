import { cn } from "@/components/ui/cn";
import { PLAN_LABELS, type Plan } from "@/lib/auth/queries";

export function PlanBadge({ plan, className }: { plan: Plan; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium",
        plan === "free" ? "border-border text-muted" : "border-accent/40 bg-accent/10 text-accent",
        className,
      )}
    >
      <span className="sr-only">Plan: </span>
      {PLAN_LABELS[plan]}
    </span>
  );
}
