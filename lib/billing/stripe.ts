import "server-only";
// The one configured Stripe client. Locally STRIPE_API_URL points the SDK at
// the emulator (host, port, protocol); in production it is unset and the SDK
// talks to api.stripe.com. Nothing else in the app knows the difference.
import Stripe from "stripe";
import { serverEnv } from "@/lib/env.server";

/**
 * The Stripe API version every request and every webhook payload is read in,
 * pinned here and nowhere else. It must equal the installed SDK's own version
 * (its types describe only that one), so upgrading `stripe` without updating
 * this line fails the type check. In this version the billing period lives on
 * subscription items, and an invoice names its subscription under
 * `parent.subscription_details`.
 */
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

/** Where a `STRIPE_API_URL` sends the SDK: `{ host, port, protocol }`. */
export function stripeAddress(apiUrl: string): { host: string; port: number; protocol: "http" | "https" } {
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

let client: Stripe | undefined;

export function stripe(): Stripe {
  if (client) return client;
  const { stripeSecretKey, stripeApiUrl } = serverEnv();
  client = new Stripe(stripeSecretKey, {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: "Launchpad" },
    // Stripe's own retry policy (idempotency keys on retried POSTs) for network blips.
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(stripeApiUrl ? stripeAddress(stripeApiUrl) : {}),
  });
  return client;
}
