// /v1/webhook_endpoints, so `npm run dev` or a test can register the app's
// webhook URL. Every endpoint is signed with the emulator's one secret (as the
// Stripe CLI's `listen` does), which the create response returns.
import type { EmulatorCore } from "../core.ts";
import { invalidParam, missingParam, noSuch } from "../errors.ts";
import { listPage } from "../list.ts";
import { buildWebhookEndpoint, type WebhookEndpointObject } from "../objects/misc.ts";
import { mergeMetadata, type Params } from "../params.ts";
import { newestFirst } from "../store.ts";
import type { ApiRouter } from "./router.ts";

function enabledEvents(params: Params): string[] | undefined {
  const events = params.strings("enabled_events");
  if (events === undefined) return undefined;
  if (events.length === 0) throw invalidParam("enabled_events", "enabled_events must include at least one event type.");
  const bad = events.find((e) => e !== "*" && !/^[a-z_]+(\.[a-z_]+)+$/.test(e));
  if (bad !== undefined) throw invalidParam("enabled_events", `Invalid event type: ${bad}`);
  return events;
}

export function webhookEndpointRoutes(api: ApiRouter, { store }: EmulatorCore, secret: string): void {
  const endpoint = (id: string): WebhookEndpointObject => {
    const found = store.state.webhookEndpoints[id];
    if (!found) throw noSuch("webhook_endpoint", id);
    return found;
  };

  api.post("/v1/webhook_endpoints", ({ params }) => {
    const url = params.url("url");
    if (url === undefined) throw missingParam("url");
    const events = enabledEvents(params);
    if (events === undefined) throw missingParam("enabled_events");
    const created = buildWebhookEndpoint({
      url,
      enabledEvents: events,
      description: params.string("description") ?? null,
      metadata: mergeMetadata({}, params.metadata()),
      apiVersion: params.string("api_version") ?? null,
    });
    store.state.webhookEndpoints[created.id] = created;
    return { ...created, secret };
  });

  api.get("/v1/webhook_endpoints/:id", ({ path }) => endpoint(path("id")));

  api.post("/v1/webhook_endpoints/:id", ({ params, path }) => {
    const found = endpoint(path("id"));
    const url = params.url("url");
    const events = enabledEvents(params);
    const disabled = params.bool("disabled");
    const description = params.nullableString("description");
    if (url !== undefined) found.url = url;
    if (events !== undefined) found.enabled_events = events;
    if (disabled !== undefined) found.status = disabled ? "disabled" : "enabled";
    if (description !== undefined) found.description = description;
    found.metadata = mergeMetadata(found.metadata, params.metadata());
    return found;
  });

  api.delete("/v1/webhook_endpoints/:id", ({ path }) => {
    const found = endpoint(path("id"));
    delete store.state.webhookEndpoints[found.id];
    return { id: found.id, object: "webhook_endpoint", deleted: true };
  });

  api.get("/v1/webhook_endpoints", ({ params }) =>
    listPage(newestFirst(store.state.webhookEndpoints), params, "/v1/webhook_endpoints", "webhook_endpoint"),
  );
}
