// The audit trail the webhook writes: every billing change, newest first.
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { describeAuditEntry, formatDate } from "@/lib/billing/history";
import type { AuditRow } from "@/lib/billing/queries";

export function HistoryCard({ entries }: { entries: AuditRow[] }) {
  return (
    <Card aria-labelledby="history-title">
      <CardHeader title={<span id="history-title">History</span>} description="Changes to your plan and payments, as Stripe reported them." />
      <CardContent className="pt-2">
        {entries.length === 0 ? (
          <p className="text-sm text-muted">No billing activity yet.</p>
        ) : (
          <ol data-testid="billing-history" className="flex flex-col divide-y divide-border">
            {entries.map((entry) => (
              <li key={entry.id} className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                <span className="text-sm">{describeAuditEntry(entry.action, entry.details)}</span>
                <time dateTime={entry.created_at} className="shrink-0 text-xs text-muted tabular-nums">{formatDate(entry.created_at)}</time>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
