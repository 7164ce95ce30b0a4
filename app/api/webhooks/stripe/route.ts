// Stripe → POST /api/webhooks/stripe. Everything lives in lib/billing; this
// file wires the one thing only Next can do: expire the cached prices.
import { revalidateTag } from "next/cache";
import { PRICES_CACHE_TAG } from "@/lib/billing/prices";
import { handleStripeWebhook } from "@/lib/billing/webhook-handler";
import { otherMethods } from "@/lib/http/methods";

export async function POST(request: Request): Promise<Response> {
  return handleStripeWebhook(request, {
    onCatalogChange: () => revalidateTag(PRICES_CACHE_TAG, { expire: 0 }),
  });
}

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
