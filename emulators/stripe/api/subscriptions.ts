// /v1/subscriptions (create, retrieve, update, cancel, list, search),
// /v1/invoices and /v1/events (read-only).
import type Stripe from "stripe";
import type { ItemChange, SubscriptionChanges } from "../billing.ts";
import type { EmulatorCore } from "../core.ts";
import { StripeApiError, invalidParam, missingParam, noSuch } from "../errors.ts";
import { listPage } from "../list.ts";
import type { PriceObject } from "../objects/product.ts";
import type { SubscriptionObject } from "../objects/subscription.ts";
import { mergeMetadata, type Params } from "../params.ts";
import { parseSearchQuery } from "../search.ts";
import { newestFirst, type StripeStore } from "../store.ts";
import type { ApiRouter } from "./router.ts";

const STATUSES = ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"] as const;

function readPrice(store: StripeStore, item: Params): PriceObject | undefined {
  const id = item.string("price") ?? item.string("plan");
  if (id === undefined) return undefined;
  const price = store.state.prices[id];
  if (!price) throw noSuch("price", id, item.name(item.has("price") ? "price" : "plan"));
  if (price.type !== "recurring") throw invalidParam(item.name("price"), `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`);
  return price;
}

function readChanges(store: StripeStore, params: Params, current: SubscriptionObject): SubscriptionChanges {
  const changes: SubscriptionChanges = {};
  const items = params.objects("items");
  if (items) {
    changes.items = items.map((item): ItemChange => {
      const id = item.string("id");
      const price = readPrice(store, item);
      const quantity = item.int("quantity", { min: 0 });
      const deleted = item.bool("deleted");
      return { param: item.path, ...(id !== undefined && { id }), ...(price && { price }), ...(quantity !== undefined && { quantity }), ...(deleted !== undefined && { deleted }) };
    });
  }
  const cancelAtPeriodEnd = params.bool("cancel_at_period_end");
  if (cancelAtPeriodEnd !== undefined) changes.cancelAtPeriodEnd = cancelAtPeriodEnd;
  if (params.has("cancel_at")) {
    if (params.raw.cancel_at === "") {
      params.string("cancel_at");
      changes.cancelAt = null;
    } else {
      changes.cancelAt = params.int("cancel_at", { min: 0 }) ?? null;
    }
  }
  if (cancelAtPeriodEnd !== undefined && changes.cancelAt !== undefined) {
    throw invalidParam("cancel_at", "You may only specify one of these parameters: cancel_at, cancel_at_period_end.");
  }
  const metadata = params.metadata();
  if (metadata !== undefined) changes.metadata = mergeMetadata(current.metadata, metadata);
  const description = params.nullableString("description");
  if (description !== undefined) changes.description = description;
  const pause = params.object("pause_collection");
  if (pause === "") changes.pauseCollection = null;
  else if (pause) {
    const behavior = pause.oneOf("behavior", ["keep_as_draft", "mark_uncollectible", "void"] as const);
    if (!behavior) throw missingParam(pause.name("behavior"));
    changes.pauseCollection = { behavior, resumes_at: pause.int("resumes_at", { min: 0 }) ?? null } satisfies Stripe.Subscription.PauseCollection;
  }
  params.string("proration_behavior");
  params.string("payment_behavior");
  return changes;
}

export function subscriptionRoutes(api: ApiRouter, { store, billing }: EmulatorCore): void {
  const subscription = (id: string): SubscriptionObject => {
    const found = store.state.subscriptions[id];
    if (!found) throw noSuch("subscription", id);
    return found;
  };
  const ensureOpen = (found: SubscriptionObject) => {
    if (found.status === "canceled" || found.status === "incomplete_expired") {
      throw new StripeApiError(400, "invalid_request_error", "A canceled subscription can only update its cancellation_details and metadata.");
    }
  };

  api.post("/v1/subscriptions", ({ params, context }) => {
    const customer = params.requiredString("customer");
    if (!store.liveCustomer(customer)) throw noSuch("customer", customer, "customer");
    const itemParams = params.objects("items");
    if (!itemParams || itemParams.length === 0) throw missingParam("items");
    const items = itemParams.map((item) => {
      const price = readPrice(store, item);
      if (!price) throw missingParam(item.name("price"));
      return { price, quantity: item.int("quantity", { min: 1 }) ?? 1 };
    });
    return billing.createSubscription(
      { customer, items, metadata: mergeMetadata({}, params.metadata()), description: params.string("description") ?? null },
      context,
    );
  });

  api.get("/v1/subscriptions/search", ({ params }) => {
    const matches = parseSearchQuery(params.requiredString("query"), ["status", "customer"]);
    const limit = params.int("limit", { min: 1, max: 100 }) ?? 10;
    params.string("page");
    const found = newestFirst(store.state.subscriptions).filter((s) => matches(s as unknown as Record<string, unknown>));
    return { object: "search_result", data: found.slice(0, limit), has_more: found.length > limit, next_page: null, url: "/v1/subscriptions/search" };
  });

  api.get("/v1/subscriptions/:id", ({ path }) => subscription(path("id")));

  api.post("/v1/subscriptions/:id", ({ params, path, context }) => {
    const current = subscription(path("id"));
    const changes = readChanges(store, params, current);
    if (changes.items || changes.cancelAtPeriodEnd !== undefined || changes.cancelAt !== undefined || changes.pauseCollection !== undefined) {
      ensureOpen(current);
    }
    return billing.updateSubscription(current, changes, context);
  });

  api.post("/v1/subscriptions/:id/pause", ({ params, path, context }) => {
    const current = subscription(path("id"));
    if (current.status !== "active" && current.status !== "trialing") {
      throw invalidParam("id", `Only active or trialing subscriptions can be paused; this one is ${current.status}.`);
    }
    params.string("type");
    return billing.pause(current, context);
  });

  api.post("/v1/subscriptions/:id/resume", ({ params, path, context }) => {
    const current = subscription(path("id"));
    if (current.status !== "paused") throw invalidParam("id", `Only paused subscriptions can be resumed; this one is ${current.status}.`);
    params.string("billing_cycle_anchor");
    params.string("proration_behavior");
    return billing.resume(current, context);
  });

  api.delete("/v1/subscriptions/:id", ({ params, path, context }) => {
    const current = subscription(path("id"));
    if (current.status === "canceled") {
      throw new StripeApiError(404, "invalid_request_error", `No such subscription: '${current.id}'`, "resource_missing", "id");
    }
    params.bool("invoice_now");
    params.bool("prorate");
    params.object("cancellation_details");
    return billing.cancelNow(current, context);
  });

  api.get("/v1/subscriptions", ({ params }) => {
    const customer = params.string("customer");
    const price = params.string("price");
    const status = params.oneOf("status", STATUSES);
    const subscriptions = newestFirst(store.state.subscriptions).filter((s) => {
      if (customer !== undefined && s.customer !== customer) return false;
      if (price !== undefined && !s.items.data.some((item) => item.price.id === price)) return false;
      if (status === "all") return true;
      if (status === "ended") return s.status === "canceled" || s.status === "incomplete_expired";
      // Without a status filter Stripe lists every subscription that has not been canceled.
      if (status === undefined) return s.status !== "canceled";
      return s.status === status;
    });
    return listPage(subscriptions, params, "/v1/subscriptions", "subscription");
  });

  api.get("/v1/invoices/:id", ({ path }) => {
    const invoice = store.state.invoices[path("id")];
    if (!invoice) throw noSuch("invoice", path("id"));
    return invoice;
  });

  api.get("/v1/invoices", ({ params }) => {
    const customer = params.string("customer");
    const subscriptionId = params.string("subscription");
    const status = params.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"] as const);
    const invoices = newestFirst(store.state.invoices).filter(
      (i) =>
        (customer === undefined || i.customer === customer) &&
        (subscriptionId === undefined || i.parent?.subscription_details?.subscription === subscriptionId) &&
        (status === undefined || i.status === status),
    );
    return listPage(invoices, params, "/v1/invoices", "invoice");
  });

  api.get("/v1/events/:id", ({ path }) => {
    const event = store.state.events[path("id")];
    if (!event) throw noSuch("event", path("id"));
    return event;
  });

  api.get("/v1/events", ({ params }) => {
    const type = params.string("type");
    const types = params.strings("types");
    if (type !== undefined && types !== undefined) throw invalidParam("types", "You may only specify one of these parameters: type, types.");
    const matchesType = (eventType: string) => {
      if (type !== undefined) return type.endsWith(".*") ? eventType.startsWith(type.slice(0, -1)) : eventType === type;
      return types === undefined || types.includes(eventType);
    };
    const events = newestFirst(store.state.events).filter((e) => matchesType(e.type));
    return listPage(events, params, "/v1/events", "event");
  });
}
