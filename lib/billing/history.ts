// Words for the billing page: statuses, dates and the audit trail. The audit
// rows are written by the SQL function (action + details with the Stripe event
// type, before and after); this turns each into one sentence a customer reads.
import { PLANS, type SubscriptionStatus, type Tier } from "./plans";

export const STATUS_LABELS: Record<SubscriptionStatus, string> = {
  active: "Active",
  trialing: "Trial",
  past_due: "Past due",
  unpaid: "Unpaid",
  paused: "Paused",
  canceled: "Canceled",
  incomplete: "Processing",
  incomplete_expired: "Expired",
};

/** "21 November 2026", in UTC so the server and every reader agree. */
export function formatDate(value: string | Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(value));
}

interface AuditDetails {
  event_type?: string;
  from?: { tier?: Tier | null; status?: SubscriptionStatus | null };
  to?: { tier?: Tier | null; status?: SubscriptionStatus | null };
  cancel_at_period_end?: boolean;
  /** Newer API versions cancel from the portal with cancel_at alone (cancel_at_period_end stays false). */
  cancel_at?: string | null;
  current_period_end?: string | null;
}

const planName = (tier: Tier | null | undefined) => (tier ? PLANS[tier].name : "Free");
const statusName = (status: SubscriptionStatus | null | undefined) => (status ? STATUS_LABELS[status].toLowerCase() : "none");

export function describeAuditEntry(action: string, rawDetails: unknown): string {
  const d = (typeof rawDetails === "object" && rawDetails !== null ? rawDetails : {}) as AuditDetails;
  if (d.event_type === "invoice.paid" || d.event_type === "invoice.payment_succeeded") return "Payment received";
  if (d.event_type === "invoice.payment_failed") return "Payment failed";
  switch (action) {
    case "customer_linked":
      return "Billing account created";
    case "customer_deleted":
      return "Billing account removed";
    case "subscription_created":
      return d.to?.status === "incomplete" ? "Checkout started" : `Subscribed to ${planName(d.to?.tier)}`;
    case "subscription_canceled":
      return `Subscription ended; back on ${planName(d.to?.tier)}`;
    case "plan_changed":
      return `Plan changed from ${planName(d.from?.tier)} to ${planName(d.to?.tier)}`;
    case "status_changed":
      if (d.from?.status === "incomplete" && d.to?.status === "active") return `${planName(d.to.tier)} plan activated`;
      return `Status changed from ${statusName(d.from?.status)} to ${statusName(d.to?.status)}`;
    default:
      if (d.cancel_at) return `Set to cancel on ${formatDate(d.cancel_at)}`;
      if (d.cancel_at_period_end && d.current_period_end) return `Set to cancel on ${formatDate(d.current_period_end)}`;
      return "Subscription updated";
  }
}
