// The plan catalogue the emulator seeds at start: one product per paid tier,
// each with a monthly and a yearly price in USD (minor units), found by
// `lookup_key` (`<tier>_<interval>`), so app code never names a price id.
// Ids are fixed, so they survive restarts even without a data dir.

export type PaidTier = "pro" | "studio" | "enterprise";
export type BillingInterval = "month" | "year";

export interface CatalogPrice {
  id: string;
  lookupKey: string;
  interval: BillingInterval;
  /** Minor units (cents). */
  unitAmount: number;
  nickname: string;
}

export interface CatalogProduct {
  id: string;
  tier: PaidTier;
  name: string;
  description: string;
  features: string[];
  prices: CatalogPrice[];
}

export const CATALOG_CURRENCY = "usd";

function product(
  tier: PaidTier,
  name: string,
  description: string,
  features: string[],
  monthly: number,
  yearly: number,
): CatalogProduct {
  const price = (interval: BillingInterval, unitAmount: number): CatalogPrice => {
    const lookupKey = `${tier}_${interval === "month" ? "monthly" : "yearly"}`;
    return { id: `price_local_${lookupKey}`, lookupKey, interval, unitAmount, nickname: `${name} ${interval === "month" ? "monthly" : "yearly"}` };
  };
  return {
    id: `prod_local_${tier}`,
    tier,
    name,
    description,
    features,
    prices: [price("month", monthly), price("year", yearly)],
  };
}

export const CATALOG: readonly CatalogProduct[] = [
  product("pro", "Pro", "For individuals shipping real projects.", ["50 projects", "2,000 jobs a month", "50 GB storage"], 1900, 19000),
  product("studio", "Studio", "For small teams working together.", ["500 projects", "20,000 jobs a month", "500 GB storage"], 4900, 49000),
  product("enterprise", "Enterprise", "For organisations with volume.", ["Unlimited projects", "Unlimited jobs", "Unlimited storage"], 19900, 199000),
];

/** `pro_monthly`, `pro_yearly`, `studio_monthly`, … in catalogue order. */
export const CATALOG_LOOKUP_KEYS: readonly string[] = CATALOG.flatMap((p) => p.prices.map((price) => price.lookupKey));
