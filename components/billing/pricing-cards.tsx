// One card per plan: price from Stripe, limits from the plan table, and the
// one action that makes sense for the visitor: sign up, upgrade through
// Checkout, or (already subscribed) switch in the customer portal.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { PLANS, TIERS, describeLimits, isPaidTier, type Interval, type Tier } from "@/lib/billing/plans";
import { formatAmount, type PlanPrice } from "@/lib/billing/prices";
import { CheckoutButton } from "./checkout-button";
import { PortalButton } from "./portal-button";

export interface PricingViewer {
  tier: Tier;
  /** A Stripe subscription exists (even paused or past due): changes go through the portal. */
  subscribed: boolean;
}

function Price({ tier, price, interval }: { tier: Tier; price: PlanPrice | undefined; interval: Interval }) {
  if (tier === "free") {
    return (
      <p className="flex items-baseline gap-1">
        <span className="text-3xl font-semibold tracking-tight">$0</span>
        <span className="text-sm text-muted">forever</span>
      </p>
    );
  }
  if (!price) return <p className="text-sm text-muted">Price unavailable right now</p>;
  return (
    <p className="flex flex-wrap items-baseline gap-x-1">
      <span className="text-3xl font-semibold tracking-tight" data-testid={`price-${tier}`}>{formatAmount(price.unitAmount, price.currency)}</span>
      <span className="text-sm text-muted">/{interval}</span>
      {interval === "year" && (
        <span className="w-full text-xs text-muted">{formatAmount(Math.round(price.unitAmount / 12), price.currency)} a month, billed yearly</span>
      )}
    </p>
  );
}

function Action({ tier, interval, viewer, available }: { tier: Tier; interval: Interval; viewer: PricingViewer | null; available: boolean }) {
  const full = "w-full";
  if (!viewer) {
    return (
      <Link href="/signup" className={buttonClasses({ variant: tier === "pro" ? "primary" : "secondary", className: full })}>
        {tier === "free" ? "Get started" : `Start with ${PLANS[tier].name}`}
      </Link>
    );
  }
  if (viewer.tier === tier) {
    return viewer.subscribed ? <PortalButton className={full}>Manage billing</PortalButton> : (
      <span className={buttonClasses({ variant: "secondary", className: cn(full, "pointer-events-none opacity-70") })} aria-disabled="true">
        Your current plan
      </span>
    );
  }
  // One name per plan: two "Switch in billing portal" buttons on one page would be indistinguishable out of context.
  if (viewer.subscribed) return <PortalButton className={full}>{tier === "free" ? "Cancel in billing portal" : `Switch to ${PLANS[tier].name}`}</PortalButton>;
  if (!isPaidTier(tier)) return null;
  if (!available) return <span className={buttonClasses({ variant: "secondary", className: cn(full, "pointer-events-none opacity-60") })} aria-disabled="true">Unavailable</span>;
  return (
    <CheckoutButton plan={tier} interval={interval} variant={tier === "pro" ? "primary" : "secondary"} className={full}>
      Upgrade to {PLANS[tier].name}
    </CheckoutButton>
  );
}

export function PricingCards({ interval, prices, viewer }: { interval: Interval; prices: PlanPrice[]; viewer: PricingViewer | null }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {TIERS.map((tier) => {
        const plan = PLANS[tier];
        const price = prices.find((p) => p.tier === tier && p.interval === interval);
        const current = viewer?.tier === tier;
        const featured = !viewer && tier === "pro";
        return (
          <li
            key={tier}
            data-testid={`plan-${tier}`}
            aria-current={current ? "true" : undefined}
            className={cn(
              "relative flex flex-col gap-5 rounded-xl border bg-bg p-5 shadow-sm",
              current ? "border-accent ring-2 ring-accent/40" : featured ? "border-accent/60" : "border-border",
            )}
          >
            {(current || featured) && (
              <span className="absolute -top-2.5 left-5 rounded-full bg-accent px-2 py-0.5 text-xs font-medium text-accent-fg">
                {current ? "Current plan" : "Most popular"}
              </span>
            )}
            <div className="flex flex-col gap-1">
              <h2 className="text-lg font-semibold tracking-tight">{plan.name}</h2>
              {/* Two lines reserved, so the prices line up when one tagline wraps. */}
              <p className="text-sm text-muted sm:min-h-10">{plan.tagline}</p>
            </div>
            <Price tier={tier} price={price} interval={interval} />
            <ul className="flex flex-1 flex-col gap-2 text-sm">
              {[...describeLimits(plan.limits), ...plan.extras].map((line) => (
                <li key={line} className="flex gap-2">
                  <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-0.5 size-4 shrink-0 fill-none stroke-success stroke-2">
                    <path d="M3 8.5l3 3 7-7" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                  {line}
                </li>
              ))}
            </ul>
            <Action tier={tier} interval={interval} viewer={viewer} available={tier === "free" || Boolean(price)} />
          </li>
        );
      })}
    </ul>
  );
}
