// The local Stripe emulator: the API subset the app calls (/v1), the hosted
// checkout and portal pages, signed webhook delivery, and /_emulator helpers,
// on one port (default 12111) bound to 127.0.0.1.
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { catalogRoutes } from "./api/catalog.ts";
import { checkoutRoutes } from "./api/checkout.ts";
import { customerRoutes } from "./api/customers.ts";
import { ApiRouter } from "./api/router.ts";
import { subscriptionRoutes } from "./api/subscriptions.ts";
import { webhookEndpointRoutes } from "./api/webhook-endpoints.ts";
import { Billing } from "./billing.ts";
import { controlRoutes } from "./control.ts";
import type { EmulatorCore } from "./core.ts";
import { StripeApiError } from "./errors.ts";
import { EventBus } from "./events.ts";
import { checkoutPages } from "./pages/checkout.ts";
import { layout, esc } from "./pages/html.ts";
import { invoicePages } from "./pages/invoice.ts";
import { portalPages } from "./pages/portal.ts";
import { StripeStore } from "./store.ts";
import { runTrigger, type TriggerOverrides, type TriggerResult } from "./triggers.ts";
import { WebhookDelivery, type DeliveryRecord, type DeliveryTarget } from "./webhooks/delivery.ts";
import { LOCAL_WEBHOOK_SECRET } from "./webhooks/signing.ts";

export const DEFAULT_STRIPE_EMULATOR_PORT = 12111;

export interface StripeEmulatorOptions {
  /** Default 12111; 0 picks a free port. */
  port?: number;
  /** Receives every event (besides endpoints registered through the API). Default: env STRIPE_WEBHOOK_URL; null for none. */
  webhookUrl?: string | null;
  /** Default: env STRIPE_WEBHOOK_SECRET, else LOCAL_WEBHOOK_SECRET. */
  webhookSecret?: string;
  /** Keep state in `<dataDir>/state.json` across restarts; in memory only when omitted. */
  dataDir?: string;
  /** Base URL browsers use for checkout and portal pages. Default http://127.0.0.1:<port>. */
  publicUrl?: string;
  /** Waits between delivery attempts; length + 1 attempts in all. Default [1000, 4000]. */
  retryDelaysMs?: number[];
  /** Per-attempt timeout. Default 10 s. */
  deliveryTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningStripeEmulator {
  url: string;
  port: number;
  webhookSecret: string;
  /** Creates what `type` needs and emits its events (like `stripe trigger`); resolves after delivery. */
  trigger(type: string, overrides?: TriggerOverrides): Promise<TriggerResult>;
  /** Every delivery attempt so far. */
  deliveries(): readonly DeliveryRecord[];
  /** Resolves once no webhook delivery is queued or in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const CONFIGURED_ENDPOINT_ID = "we_local_configured";

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: "127.0.0.1" }, () => resolve(server));
    server.once("error", reject);
  });
}

export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<RunningStripeEmulator> {
  const log = options.log ?? ((line: string) => console.log(line));
  const webhookUrl = options.webhookUrl === undefined ? (process.env.STRIPE_WEBHOOK_URL ?? null) : options.webhookUrl;
  const webhookSecret = options.webhookSecret ?? process.env.STRIPE_WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET;
  const app = new Hono();
  const server = await listen(app.fetch, options.port ?? DEFAULT_STRIPE_EMULATOR_PORT);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/$/, "");

  const store = new StripeStore(options.dataDir);
  const targets = (type?: string): DeliveryTarget[] => [
    ...(webhookUrl ? [{ id: CONFIGURED_ENDPOINT_ID, url: webhookUrl }] : []),
    ...Object.values(store.state.webhookEndpoints)
      .filter((e) => e.status === "enabled" && (type === undefined || e.enabled_events.includes("*") || e.enabled_events.includes(type)))
      .map((e) => ({ id: e.id, url: e.url })),
  ];
  const delivery = new WebhookDelivery({
    secret: webhookSecret,
    retryDelaysMs: options.retryDelaysMs ?? [1000, 4000],
    timeoutMs: options.deliveryTimeoutMs ?? 10_000,
    payloadFor: (eventId) => JSON.stringify(store.state.events[eventId], null, 2),
    onDelivered: (eventId) => {
      const event = store.state.events[eventId];
      if (event && event.pending_webhooks > 0) event.pending_webhooks -= 1;
    },
    log,
  });
  const bus = new EventBus(store, delivery, targets);
  const billing = new Billing(store, bus, publicUrl);
  const core: EmulatorCore = { store, billing, bus, publicUrl };

  const api = new ApiRouter({
    resolver: {
      byId: (id) => store.findById(id),
      includable: (parent, field) =>
        parent.object === "checkout.session" && field === "line_items" && typeof parent.id === "string"
          ? { object: "list", data: store.state.checkoutDetails[parent.id]?.lineItems ?? [], has_more: false, url: `/v1/checkout/sessions/${parent.id}/line_items` }
          : undefined,
    },
    afterWrite: () => store.save(),
    log,
  });
  customerRoutes(api, core);
  catalogRoutes(api, core);
  checkoutRoutes(api, core);
  subscriptionRoutes(api, core);
  webhookEndpointRoutes(api, core, webhookSecret);
  api.mount(app);
  checkoutPages(app, core);
  portalPages(app, core);
  invoicePages(app, core);
  controlRoutes(app, { core, deliveries: () => delivery.log, targets: () => targets() });
  app.get("/", (c) => c.html(layout("Local Stripe emulator", `<h1>Local Stripe emulator</h1><p>API at <code>${esc(url)}/v1</code>. Webhooks to: ${esc(targets().map((t) => t.url).join(", ") || "none")}</p>`)));
  app.onError((error, c) => {
    if (error instanceof StripeApiError) {
      return c.req.path.startsWith("/_emulator/") ? c.json(error.body("req_local"), error.status as 400) : c.html(layout("Error", `<h1>${esc(error.message)}</h1>`), error.status as 400);
    }
    log(`[stripe] ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json({ error: { type: "api_error", message: error.message } }, 500);
  });

  log(`[stripe] emulator on ${url} (API ${url}/v1), webhooks → ${targets().map((t) => t.url).join(", ") || "none registered"}`);
  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    webhookSecret,
    trigger: (type, overrides = {}) => runTrigger(core, type, overrides),
    deliveries: () => delivery.log,
    idle: () => delivery.idle(),
    stop: () =>
      (stopped ??= (async () => {
        await delivery.stop();
        store.save();
        await new Promise<void>((resolve) => {
          if ("closeAllConnections" in server) server.closeAllConnections();
          server.close(() => resolve());
        });
      })()),
  };
}
