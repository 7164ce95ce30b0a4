import { expect, test } from "vitest";
import { describeAuditEntry, formatDate } from "./history";

const change = (event_type: string, from: object, to: object, extra: object = {}) => ({ event_type, from, to, ...extra });

test("each audit action reads as one sentence", () => {
  expect(describeAuditEntry("customer_linked", { event_type: "checkout.session.completed" })).toBe("Billing account created");
  expect(describeAuditEntry("subscription_created", change("customer.subscription.created", { tier: "free", status: null }, { tier: "free", status: "incomplete" }))).toBe("Checkout started");
  expect(describeAuditEntry("subscription_created", change("customer.subscription.created", { tier: "free" }, { tier: "pro", status: "active" }))).toBe("Subscribed to Pro");
  expect(describeAuditEntry("status_changed", change("customer.subscription.updated", { status: "incomplete" }, { tier: "pro", status: "active" }))).toBe("Pro plan activated");
  expect(describeAuditEntry("status_changed", change("customer.subscription.updated", { status: "active" }, { tier: "pro", status: "past_due" }))).toBe("Status changed from active to past due");
  expect(describeAuditEntry("plan_changed", change("customer.subscription.updated", { tier: "pro" }, { tier: "studio" }))).toBe("Plan changed from Pro to Studio");
  expect(describeAuditEntry("subscription_updated", change("invoice.paid", {}, {}))).toBe("Payment received");
  expect(describeAuditEntry("status_changed", change("invoice.payment_failed", {}, {}))).toBe("Payment failed");
  expect(
    describeAuditEntry("subscription_updated", change("customer.subscription.updated", {}, {}, { cancel_at_period_end: true, current_period_end: "2026-12-21T12:00:00+00:00" })),
  ).toBe("Set to cancel on 21 December 2026");
  // Newer API versions: the portal sets cancel_at and leaves cancel_at_period_end false.
  expect(
    describeAuditEntry("subscription_updated", change("customer.subscription.updated", {}, {}, { cancel_at_period_end: false, cancel_at: "2027-01-05T12:00:00+00:00" })),
  ).toBe("Set to cancel on 5 January 2027");
  expect(describeAuditEntry("subscription_updated", change("invoice.payment_succeeded", {}, {}))).toBe("Payment received");
  expect(describeAuditEntry("subscription_canceled", change("customer.subscription.deleted", { tier: "pro" }, { tier: "free", status: "canceled" }))).toBe("Subscription ended; back on Free");
  expect(describeAuditEntry("customer_deleted", {})).toBe("Billing account removed");
  expect(describeAuditEntry("subscription_updated", null)).toBe("Subscription updated");
});

test("dates are the same day for every reader (UTC)", () => {
  expect(formatDate("2026-11-21T23:59:59Z")).toBe("21 November 2026");
  expect(formatDate(new Date(Date.UTC(2027, 0, 1)))).toBe("1 January 2027");
});
