import "server-only";
// The Stripe webhook over HTTP: verify the signature on the raw body, then
// answer so Stripe neither retries forever nor drops a change.
//   400  missing or bad signature, stale timestamp, or a signed payload we can't
//        read (a thin event notification, a malformed id): nothing is written.
//   413  a body over MAX_WEBHOOK_BODY_BYTES, refused before it is buffered: the
//        route is public, so anyone could otherwise make the server hold gigabytes.
//   200  applied, a duplicate, an older snapshot (recorded only), or an event
//        type this app does not handle (acknowledged, so no retry storm).
//   500  the database or a read from Stripe failed: nothing was applied, Stripe retries.
import type { SupabaseClient } from "@supabase/supabase-js";
import type Stripe from "stripe";
import { readBodyWithin } from "@/lib/http/read-body";
import { serverEnv } from "@/lib/env.server";
import { createAdminClient } from "@/lib/supabase/admin";
import type { Database } from "@/lib/supabase/database.types";
import { describeIssues, eventEnvelopeSchema } from "./schema";
import { stripe } from "./stripe";
import { CATALOG_EVENT_TYPES, SUBSCRIPTION_EVENT_TYPES, WebhookPayloadError, applyStripeEvent } from "./webhook";

export interface WebhookDeps {
  stripe: Stripe;
  admin: SupabaseClient<Database>;
  signingSecret: string;
  /** Expires the cached prices /pricing shows (a product or price changed). */
  onCatalogChange: () => void;
}

let sharedAdmin: SupabaseClient<Database> | undefined;

/** One service-role client for every delivery: it holds no session, only the key. */
function adminClient(): SupabaseClient<Database> {
  sharedAdmin ??= createAdminClient();
  return sharedAdmin;
}

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/** Far above any snapshot event Stripe sends (embedded lists hold at most 10 items). */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Why a correctly signed body is not an event this route reads. A thin event
 * notification (`v2.core.event`, from an event destination with the "thin"
 * payload style) carries only ids and must be fetched back from the API; this
 * route reads the snapshot events of a webhook endpoint. A 400 shows the
 * misconfigured destination in Stripe's dashboard instead of losing its events.
 */
function notSnapshotEvent(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return "Not a Stripe event: the body is not JSON.";
  }
  const { object, type, id } = (parsed ?? {}) as { object?: unknown; type?: unknown; id?: unknown };
  if (object === "v2.core.event") {
    return `Thin event notification ${String(type)} ${String(id)} refused: this endpoint reads snapshot events. Point a webhook endpoint with snapshot payloads here instead.`;
  }
  return `Not a Stripe event: object is ${JSON.stringify(object)}.`;
}

export async function handleStripeWebhook(
  request: Request,
  overrides: Partial<WebhookDeps> & Pick<WebhookDeps, "onCatalogChange">,
): Promise<Response> {
  const signature = request.headers.get("stripe-signature");
  if (!signature) return json(400, { error: "Missing Stripe-Signature header." });
  // The exact bytes Stripe signed: parsing and re-serialising would break the signature.
  const read = await readBodyWithin(request, MAX_WEBHOOK_BODY_BYTES);
  if (!read.ok) return json(413, { error: `Webhook body over ${MAX_WEBHOOK_BODY_BYTES} bytes refused.` });
  const body = read.text;
  const deps: WebhookDeps = {
    stripe: overrides.stripe ?? stripe(),
    admin: overrides.admin ?? adminClient(),
    signingSecret: overrides.signingSecret ?? serverEnv().stripeWebhookSecret,
    onCatalogChange: overrides.onCatalogChange,
  };

  let verified: Stripe.Event;
  try {
    verified = deps.stripe.webhooks.constructEvent(body, signature, deps.signingSecret);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if ((error as { type?: string }).type === "StripeSignatureVerificationError") {
      return json(400, { error: `Webhook signature verification failed: ${message}` });
    }
    // The signature matched (the SDK checks it first); the body is not a snapshot event.
    return json(400, { error: notSnapshotEvent(body) });
  }
  const envelope = eventEnvelopeSchema.safeParse(verified);
  if (!envelope.success) return json(400, { error: `Not a Stripe event: ${describeIssues(envelope.error)}` });
  const event = envelope.data;

  if (CATALOG_EVENT_TYPES.has(event.type)) {
    deps.onCatalogChange();
    return json(200, { received: true, id: event.id, outcome: "prices_revalidated" });
  }
  if (!SUBSCRIPTION_EVENT_TYPES.has(event.type)) {
    return json(200, { received: true, id: event.id, outcome: "ignored" });
  }
  try {
    const outcome = await applyStripeEvent(event, deps);
    return json(200, { received: true, id: event.id, outcome });
  } catch (error) {
    if (error instanceof WebhookPayloadError) return json(400, { error: error.message });
    console.error(`[stripe webhook] ${event.type} ${event.id} failed:`, error);
    return json(500, { error: `Processing ${event.type} ${event.id} failed; nothing was applied. Stripe will retry.` });
  }
}
