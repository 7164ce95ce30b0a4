// The plan in force: name, status, price, the next date that matters (renewal,
// cancellation or end), and the buttons: Upgrade (Checkout) when there is no
// live subscription, Manage billing (portal) when there is one.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent, CardFooter } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { formatDate } from "@/lib/billing/history";
import { PLANS, hasLiveSubscription } from "@/lib/billing/plans";
import { formatAmount, type PlanPrice } from "@/lib/billing/prices";
import type { BillingOverview } from "@/lib/billing/queries";
import { CheckoutButton } from "./checkout-button";
import { PortalButton } from "./portal-button";
import { StatusBadge } from "./status-badge";

function NextDate({ subscription }: { subscription: NonNullable<BillingOverview["subscription"]> }) {
  const { status, current_period_end: periodEnd, cancel_at: cancelAt, cancel_at_period_end: atPeriodEnd, canceled_at: canceledAt } = subscription;
  if (status === "canceled" || status === "incomplete_expired") {
    const ended = canceledAt ?? periodEnd;
    return ended ? <p className="text-sm text-muted">Ended on <span data-testid="ended-on">{formatDate(ended)}</span></p> : null;
  }
  const cancelsOn = cancelAt ?? (atPeriodEnd ? periodEnd : null);
  if (cancelsOn) {
    return (
      <p className="text-sm">
        Cancels on <strong data-testid="cancels-on" className="font-medium">{formatDate(cancelsOn)}</strong>
        <span className="text-muted"> · you keep {PLANS[subscription.tier].name} until then.</span>
      </p>
    );
  }
  if (status === "paused") return <p className="text-sm text-muted">Paused: no charges and no {PLANS[subscription.tier].name} features until you resume.</p>;
  return periodEnd ? <p className="text-sm text-muted">Renews on <span data-testid="renews-on" className="text-fg">{formatDate(periodEnd)}</span></p> : null;
}

export function PlanCard({ overview, prices }: { overview: BillingOverview; prices: PlanPrice[] }) {
  const { tier, status, subscription } = overview;
  const plan = PLANS[tier];
  const price = subscription ? prices.find((p) => p.priceId === subscription.stripe_price_id) : undefined;
  const live = hasLiveSubscription(status);
  return (
    <Card aria-labelledby="plan-title">
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="plan-title" className="text-2xl font-semibold tracking-tight">
            <span data-testid="current-plan">{plan.name}</span> plan
          </h2>
          {status && subscription && <StatusBadge status={status} />}
        </div>
        <p className="text-sm text-muted">{plan.tagline}</p>
        {price && live && (
          <p className="text-sm">
            <span className="font-medium">{formatAmount(price.unitAmount, price.currency)}</span>
            <span className="text-muted"> per {price.interval}</span>
          </p>
        )}
        {subscription && <NextDate subscription={subscription} />}
        {(status === "past_due" || status === "unpaid") && (
          <FormMessage title="Your last payment failed">
            Update your payment method in Manage billing to keep the {PLANS[subscription?.tier ?? tier].name} plan. Stripe will retry the charge.
          </FormMessage>
        )}
      </CardContent>
      <CardFooter>
        {live ? (
          <PortalButton />
        ) : (
          <>
            <CheckoutButton plan="pro" interval="month">Upgrade to Pro</CheckoutButton>
            <Link href="/pricing" className={buttonClasses({ variant: "ghost" })}>Compare plans</Link>
            {subscription && <PortalButton variant="ghost">Invoices and payment methods</PortalButton>}
          </>
        )}
      </CardFooter>
    </Card>
  );
}
