// Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex
// HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's whsec_ secret>`,
// which `stripe.webhooks.constructEvent(body, header, secret)` verifies.
import { createHmac } from "node:crypto";

/** The fixed local signing secret (override with STRIPE_WEBHOOK_SECRET or the `webhookSecret` option). */
export const LOCAL_WEBHOOK_SECRET = "whsec_local_stripe_emulator_0123456789abcdef";

export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${signature}`;
}
