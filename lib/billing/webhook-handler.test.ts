// The webhook route is public: what it does before a signature is checked
// must not let anyone make the server buffer an unbounded body.
import type { SupabaseClient } from "@supabase/supabase-js";
import Stripe from "stripe";
import { describe, expect, test, vi } from "vitest";
import type { Database } from "@/lib/supabase/database.types";

vi.mock("server-only", () => ({}));
const { MAX_WEBHOOK_BODY_BYTES, handleStripeWebhook } = await import("./webhook-handler");

const SECRET = "whsec_unit_tests_0123456789abcdef";
const stripe = new Stripe("sk_test_unit_only");
// Never reached in these tests: no event here needs the database.
const admin = new Proxy({}, { get: () => { throw new Error("the database must not be touched"); } }) as SupabaseClient<Database>;
const deps = { stripe, admin, signingSecret: SECRET, onCatalogChange: () => undefined };

const URL = "http://127.0.0.1/api/webhooks/stripe";

function signed(body: string): Request {
  const signature = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
  return new Request(URL, { method: "POST", headers: { "stripe-signature": signature, "content-type": "application/json" }, body });
}

/** A body sent in chunks without a Content-Length, counting how much of it was pulled. */
function streamed(chunkBytes: number, chunks: number): { request: Request; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) return controller.close();
      sent += 1;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
  });
  const request = new Request(URL, {
    method: "POST",
    headers: { "stripe-signature": "t=1,v1=00" },
    body: stream,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => sent * chunkBytes };
}

describe("Stripe webhook body limit", () => {
  test("a signed event of ordinary size is read and acknowledged", async () => {
    const event = { id: "evt_unit_1", object: "event", type: "charge.succeeded", created: 1_700_000_000, data: { object: { id: "ch_1" } } };
    const response = await handleStripeWebhook(signed(JSON.stringify(event)), deps);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, outcome: "ignored" });
  });

  test("a declared Content-Length over the limit is refused with 413 before anything is read", async () => {
    const request = new Request(URL, {
      method: "POST",
      headers: { "stripe-signature": "t=1,v1=00", "content-length": String(MAX_WEBHOOK_BODY_BYTES + 1) },
      body: "{}",
    });
    const response = await handleStripeWebhook(request, deps);
    expect(response.status).toBe(413);
    expect(request.bodyUsed).toBe(false);
  });

  test("a chunked body is cut off once it passes the limit, not buffered whole", async () => {
    const { request, pulled } = streamed(64 * 1024, 1024); // 64 MiB offered
    const response = await handleStripeWebhook(request, deps);
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES + 2 * 64 * 1024);
  });

});
