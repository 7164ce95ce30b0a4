// What the page says when the browser comes back from Checkout. Success only
// means Stripe took the payment: the plan changes when the webhook lands, so
// until then the page shows "processing" and re-renders itself.
import { FormMessage } from "@/components/ui/form-message";
import { PLANS, PAID_STATUSES, type SubscriptionStatus, type Tier } from "@/lib/billing/plans";
import { RefreshUntilSettled } from "./refresh-until-settled";

export type CheckoutReturn = "success" | "cancelled";

export function CheckoutNotice({ result, tier, status }: { result: CheckoutReturn; tier: Tier; status: SubscriptionStatus | null }) {
  if (result === "cancelled") {
    return (
      <FormMessage tone="info" title="Checkout didn't complete" data-testid="checkout-notice">
        No payment was taken and you&apos;re still on the {PLANS[tier].name} plan. If your card was declined, try again with another card.
      </FormMessage>
    );
  }
  if (tier !== "free" && status && PAID_STATUSES.includes(status)) {
    return (
      <FormMessage tone="success" title={`You're on the ${PLANS[tier].name} plan`} data-testid="checkout-notice">
        Thanks for upgrading. Your receipt is on its way from Stripe.
      </FormMessage>
    );
  }
  return (
    <FormMessage tone="info" title="Payment received: activating your plan…" data-testid="checkout-processing" aria-busy="true">
      This usually takes a few seconds; the page updates by itself.
      <RefreshUntilSettled />
    </FormMessage>
  );
}
