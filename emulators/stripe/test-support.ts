// Helpers for the emulator's tests: an emulator on a free port with fast
// retries, the real SDK pointed at it, and a real HTTP webhook receiver that
// verifies every delivery with stripe.webhooks.constructEvent.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { startStripeEmulator, type RunningStripeEmulator, type StripeEmulatorOptions } from "./server.ts";

export function sdkFor(emulator: { port: number }, apiKey = "sk_test_emulator"): Stripe {
  return new Stripe(apiKey, { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 0 });
}

export function startTestEmulator(options: StripeEmulatorOptions = {}): Promise<RunningStripeEmulator> {
  return startStripeEmulator({ port: 0, webhookUrl: null, retryDelaysMs: [20, 40], deliveryTimeoutMs: 2000, log: () => {}, ...options });
}

export interface ReceivedDelivery {
  rawBody: string;
  signature: string | undefined;
  /** The verified event, or null when constructEvent rejected the delivery. */
  event: Stripe.Event | null;
  error: string | null;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** Verified events only, in arrival order. */
  events(): Stripe.Event[];
  /** Decides the HTTP status for each delivery (default 200). */
  respondWith(fn: (delivery: Omit<ReceivedDelivery, "status">, index: number) => number): void;
  waitForEvents(count: number, timeoutMs?: number): Promise<Stripe.Event[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const verifier = new Stripe("sk_test_verifier");
  const received: ReceivedDelivery[] = [];
  let respond: (delivery: Omit<ReceivedDelivery, "status">, index: number) => number = () => 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const signature = req.headers["stripe-signature"] as string | undefined;
      let event: Stripe.Event | null = null;
      let error: string | null = null;
      try {
        event = verifier.webhooks.constructEvent(rawBody, signature ?? "", secret);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const delivery = { rawBody, signature, event, error };
      const status = error ? 400 : respond(delivery, received.length);
      received.push({ ...delivery, status });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ received: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  const events = () => received.filter((d) => d.status < 300 && d.event).map((d) => d.event as Stripe.Event);
  return {
    url,
    received,
    events,
    respondWith: (fn) => {
      respond = fn;
    },
    async waitForEvents(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events().length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${events().length}: ${events().map((e) => e.type).join(", ")}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return events();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
