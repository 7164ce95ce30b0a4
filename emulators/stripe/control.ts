// /_emulator: what tests and scripts use beyond Stripe's API. No auth; the
// emulator listens on 127.0.0.1 only.
//   GET  /_emulator/health                           api version, webhook targets
//   GET  /_emulator/deliveries[?event_id=&type=]     every delivery attempt
//   GET  /_emulator/triggers                         event types `trigger` supports
//   POST /_emulator/trigger {event, customer?, price?, url?}
//   POST /_emulator/subscriptions/:id/advance_period   period end: renew, or end a pending cancellation
//   POST /_emulator/subscriptions/:id/fail_renewal     renewal with a failing card → past_due
//   POST /_emulator/subscriptions/:id/retry_payment    pay the open invoice → active
import type { Hono } from "hono";
import { STRIPE_API_VERSION } from "./api-version.ts";
import type { EmulatorCore } from "./core.ts";
import { StripeApiError, noSuch } from "./errors.ts";
import { AUTOMATIC } from "./events.ts";
import { TRIGGER_TYPES, runTrigger } from "./triggers.ts";
import type { DeliveryRecord, DeliveryTarget } from "./webhooks/delivery.ts";

export interface ControlDeps {
  core: EmulatorCore;
  deliveries: () => readonly DeliveryRecord[];
  targets: () => DeliveryTarget[];
}

export function controlRoutes(app: Hono, { core, deliveries, targets }: ControlDeps): void {
  app.get("/_emulator/health", (c) =>
    c.json({ ok: true, api_version: STRIPE_API_VERSION, webhook_endpoints: targets().map((t) => t.url) }),
  );

  app.get("/_emulator/deliveries", (c) => {
    const eventId = c.req.query("event_id");
    const type = c.req.query("type");
    const data = deliveries().filter((d) => (eventId === undefined || d.event_id === eventId) && (type === undefined || d.event_type === type));
    return c.json({ data });
  });

  app.get("/_emulator/triggers", (c) => c.json({ data: TRIGGER_TYPES }));

  app.post("/_emulator/trigger", async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const str = (key: string) => (typeof body?.[key] === "string" ? (body[key] as string) : undefined);
    const event = str("event");
    if (!event) throw new StripeApiError(400, "invalid_request_error", "Missing required param: event.", "parameter_missing", "event");
    const url = str("url");
    if (url !== undefined && !/^https?:\/\//.test(url)) throw new StripeApiError(400, "invalid_request_error", `Not a valid URL: ${url}`, "url_invalid", "url");
    const result = await runTrigger(core, event, {
      ...(str("customer") !== undefined && { customer: str("customer") }),
      ...(str("price") !== undefined && { price: str("price") }),
      ...(url !== undefined && { url }),
    });
    return c.json(result);
  });

  app.post("/_emulator/subscriptions/:id/:action", (c) => {
    const subscription = core.store.state.subscriptions[c.req.param("id")];
    if (!subscription) throw noSuch("subscription", c.req.param("id"));
    if (subscription.status === "canceled") throw new StripeApiError(400, "invalid_request_error", `Subscription ${subscription.id} is canceled.`);
    switch (c.req.param("action")) {
      case "advance_period":
        return c.json(core.billing.advancePeriod(subscription, AUTOMATIC));
      case "fail_renewal":
        return c.json(core.billing.advancePeriod(subscription, AUTOMATIC, "failed"));
      case "retry_payment":
        return c.json(core.billing.retryPayment(subscription, AUTOMATIC));
      default:
        return c.json({ error: { type: "invalid_request_error", message: `Unknown action ${c.req.param("action")}` } }, 404);
    }
  });
}
