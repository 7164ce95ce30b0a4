import "server-only";
// The plans' prices as Stripe has them (amount, currency, interval), found by
// lookup_key. /pricing reads them through a cache that expires hourly and at
// once when Stripe sends a product or price event (see the webhook route).
import { unstable_cache } from "next/cache";
import type Stripe from "stripe";
import { LOOKUP_KEYS, planForLookupKey, type Interval, type PaidTier } from "./plans";
import { stripe } from "./stripe";

export const PRICES_CACHE_TAG = "stripe-prices";

export interface PlanPrice {
  lookupKey: string;
  priceId: string;
  tier: PaidTier;
  interval: Interval;
  /** Minor units (cents), as Stripe stores it. */
  unitAmount: number;
  currency: string;
}

/** Every active price the app sells, straight from Stripe (no cache). */
export async function fetchPlanPrices(client: Stripe = stripe()): Promise<PlanPrice[]> {
  const prices: PlanPrice[] = [];
  for await (const price of client.prices.list({ lookup_keys: [...LOOKUP_KEYS], active: true, limit: 100 })) {
    const plan = planForLookupKey(price.lookup_key);
    if (!plan || price.unit_amount === null || price.recurring?.interval !== plan.interval) continue;
    prices.push({ lookupKey: price.lookup_key!, priceId: price.id, ...plan, unitAmount: price.unit_amount, currency: price.currency });
  }
  return prices;
}

/** The price of one plan, fresh from Stripe (checkout must never use a stale price id). */
export async function findPlanPrice(tier: PaidTier, interval: Interval, client: Stripe = stripe()): Promise<PlanPrice | undefined> {
  return (await fetchPlanPrices(client)).find((p) => p.tier === tier && p.interval === interval);
}

export const getPlanPrices = unstable_cache(() => fetchPlanPrices(), ["billing-plan-prices"], {
  revalidate: 3600,
  tags: [PRICES_CACHE_TAG],
});

/** "$19", "$190", "€9.50", "¥1,000": minor units to the currency's own decimals. */
export function formatAmount(unitAmount: number, currency: string): string {
  const format = new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const amount = unitAmount / 10 ** digits;
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: Number.isInteger(amount) ? 0 : digits,
  }).format(amount);
}
