// Products and prices, seeded from the plan catalogue.
import type Stripe from "stripe";
import { CATALOG_CURRENCY, type CatalogPrice, type CatalogProduct } from "../catalog.ts";
import type { Wire } from "../wire.ts";

export type ProductObject = Wire<Stripe.Product>;
export type PriceObject = Wire<Stripe.Price>;

export function buildProduct(entry: CatalogProduct, created: number): ProductObject {
  const monthly = entry.prices.find((p) => p.interval === "month");
  return {
    id: entry.id,
    object: "product",
    active: true,
    created,
    default_price: monthly?.id ?? null,
    description: entry.description,
    images: [],
    livemode: false,
    marketing_features: entry.features.map((name) => ({ name })),
    metadata: { tier: entry.tier },
    name: entry.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: created,
    url: null,
  };
}

export function buildPrice(entry: CatalogPrice, product: CatalogProduct, created: number): PriceObject {
  return {
    id: entry.id,
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created,
    currency: CATALOG_CURRENCY,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: entry.lookupKey,
    metadata: { tier: product.tier },
    nickname: entry.nickname,
    product: product.id,
    recurring: { interval: entry.interval, interval_count: 1, meter: null, trial_period_days: null, usage_type: "licensed" },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: entry.unitAmount,
    unit_amount_decimal: String(entry.unitAmount),
  };
}
