// Monthly / yearly: two links that set ?interval=, so the choice survives a
// reload, works without JavaScript, and is shareable.
import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { Interval } from "@/lib/billing/plans";

const OPTIONS: { value: Interval; label: string }[] = [
  { value: "month", label: "Monthly" },
  { value: "year", label: "Yearly" },
];

export function IntervalToggle({ interval, yearlySaving }: { interval: Interval; yearlySaving: number | null }) {
  return (
    <nav aria-label="Billing interval" className="inline-flex items-center gap-1 rounded-lg border border-border bg-surface p-1">
      {OPTIONS.map((option) => {
        const selected = option.value === interval;
        return (
          <Link
            key={option.value}
            href={option.value === "month" ? "/pricing" : "/pricing?interval=year"}
            aria-current={selected ? "page" : undefined}
            scroll={false}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium transition focus-visible:outline-2 focus-visible:outline-accent",
              selected ? "bg-bg text-fg shadow-sm" : "text-muted hover:text-fg",
            )}
          >
            {option.label}
            {option.value === "year" && yearlySaving !== null && yearlySaving > 0 && (
              <span className="ml-1.5 rounded-full bg-success/12 px-1.5 py-0.5 text-xs font-medium text-success">−{yearlySaving}%</span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
