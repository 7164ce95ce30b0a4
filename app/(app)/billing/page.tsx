import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CheckoutNotice, type CheckoutReturn } from "@/components/billing/checkout-notice";
import { HistoryCard } from "@/components/billing/history-card";
import { PlanCard } from "@/components/billing/plan-card";
import { UsageCard } from "@/components/billing/usage-card";
import { getViewer } from "@/lib/auth/queries";
import { getPlanPrices } from "@/lib/billing/prices";
import { getBillingOverview } from "@/lib/billing/queries";
import { createClient } from "@/lib/supabase/server";

export const metadata: Metadata = { title: "Billing" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const [viewer, params] = await Promise.all([getViewer(), searchParams]);
  if (!viewer) redirect("/login?next=/billing");
  const checkout: CheckoutReturn | null = params.checkout === "success" || params.checkout === "cancelled" ? params.checkout : null;

  const supabase = await createClient();
  const [overview, prices] = await Promise.all([
    getBillingOverview(supabase, viewer.id),
    // Only for showing the amount; the page works without it.
    getPlanPrices().catch(() => []),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
        <p className="text-sm text-muted">Your plan, what you&apos;ve used of it, and every change to it.</p>
      </div>
      {checkout && <CheckoutNotice result={checkout} tier={overview.tier} status={overview.status} />}
      {/* Plan, usage, history on a phone; usage beside the other two on a wide screen. */}
      <div className="grid items-start gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          <PlanCard overview={overview} prices={prices} />
        </div>
        <div className="lg:col-span-2 lg:row-span-2">
          <UsageCard usage={overview.usage} limits={overview.limits} />
        </div>
        <div className="lg:col-span-3">
          <HistoryCard entries={overview.audit} />
        </div>
      </div>
    </div>
  );
}
