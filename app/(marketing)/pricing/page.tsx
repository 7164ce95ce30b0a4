import type { Metadata } from "next";
import { IntervalToggle } from "@/components/billing/interval-toggle";
import { PricingCards } from "@/components/billing/pricing-cards";
import { SiteHeader } from "@/components/billing/site-header";
import { FormMessage } from "@/components/ui/form-message";
import { hasLiveSubscription } from "@/lib/billing/plans";
import { getPlanPrices, type PlanPrice } from "@/lib/billing/prices";
import { getCurrentPlan } from "@/lib/billing/queries";
import { createClient } from "@/lib/supabase/server";

export const metadata: Metadata = {
  title: "Pricing",
  description: "Free to start; Pro, Studio and Enterprise plans for more projects, jobs and storage.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Percent saved by paying yearly instead of twelve months, from the Pro prices. */
function yearlySaving(prices: PlanPrice[]): number | null {
  const monthly = prices.find((p) => p.tier === "pro" && p.interval === "month");
  const yearly = prices.find((p) => p.tier === "pro" && p.interval === "year");
  if (!monthly || !yearly || monthly.currency !== yearly.currency) return null;
  return Math.round((1 - yearly.unitAmount / (monthly.unitAmount * 12)) * 100);
}

export default async function PricingPage({ searchParams }: { searchParams: SearchParams }) {
  const interval = (await searchParams).interval === "year" ? "year" : "month";
  const supabase = await createClient();
  const [current, prices] = await Promise.all([
    getCurrentPlan(supabase),
    // Stripe unreachable: still show the plans, without amounts, and say why.
    getPlanPrices().catch((error: unknown) => {
      console.error("Could not load prices from Stripe:", error);
      return null;
    }),
  ]);

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-10 px-4 py-8 sm:px-6 sm:py-12">
      <SiteHeader signedIn={current !== null} />
      <section className="flex flex-col items-start gap-4 sm:items-center sm:text-center">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Plans that grow with your projects</h1>
        <p className="max-w-2xl text-muted">
          Start free. Upgrade when you need more projects, jobs or storage; change or cancel any time from the billing portal.
        </p>
        <IntervalToggle interval={interval} yearlySaving={prices ? yearlySaving(prices) : null} />
      </section>
      {prices === null && (
        <FormMessage tone="info" title="Prices are unavailable right now">
          We couldn&apos;t reach our payment provider. The plans are below; try again in a minute to upgrade.
        </FormMessage>
      )}
      <PricingCards
        interval={interval}
        prices={prices ?? []}
        viewer={current ? { tier: current.tier, subscribed: hasLiveSubscription(current.status) } : null}
      />
      <p className="text-sm text-muted sm:text-center">
        Prices in {prices?.[0]?.currency.toUpperCase() ?? "USD"}, excluding taxes. Payments are handled by Stripe.
      </p>
    </main>
  );
}
