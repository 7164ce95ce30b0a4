// /v1/checkout/sessions (subscription mode) and /v1/billing_portal/sessions.
import { StripeApiError, invalidParam, missingParam, noSuch } from "../errors.ts";
import type { EmulatorCore } from "../core.ts";
import { listPage } from "../list.ts";
import type { CheckoutSessionObject } from "../objects/checkout-session.ts";
import { buildPortalSession } from "../objects/misc.ts";
import type { PriceObject } from "../objects/product.ts";
import { mergeMetadata } from "../params.ts";
import { newestFirst } from "../store.ts";
import type { ApiRouter } from "./router.ts";

export function checkoutRoutes(api: ApiRouter, { store, bus, billing, publicUrl }: EmulatorCore): void {
  const session = (id: string): CheckoutSessionObject => {
    const found = store.state.checkoutSessions[id];
    if (!found) throw noSuch("checkout.session", id);
    return found;
  };

  api.post("/v1/checkout/sessions", ({ params }) => {
    const mode = params.oneOf("mode", ["payment", "setup", "subscription"] as const);
    if (mode === undefined) throw missingParam("mode");
    if (mode !== "subscription") throw invalidParam("mode", `The local Stripe emulator supports mode=subscription only (got ${mode}).`);
    const uiMode = params.oneOf("ui_mode", ["hosted", "embedded", "custom"] as const);
    if (uiMode !== undefined && uiMode !== "hosted") throw invalidParam("ui_mode", "The local Stripe emulator serves hosted Checkout only.");

    const customer = params.string("customer");
    const customerEmail = params.email("customer_email");
    if (customer !== undefined && customerEmail) {
      throw invalidParam("customer_email", "You may only specify one of these parameters: customer, customer_email.");
    }
    if (customer !== undefined && !store.liveCustomer(customer)) throw noSuch("customer", customer, "customer");

    const lineItemParams = params.objects("line_items");
    if (!lineItemParams || lineItemParams.length === 0) throw missingParam("line_items");
    const lineItems = lineItemParams.map((item) => {
      const priceId = item.string("price");
      if (priceId === undefined) {
        if (item.has("price_data")) throw invalidParam(item.name("price_data"), "The local Stripe emulator needs an existing `price`; `price_data` is not supported.");
        throw missingParam(item.name("price"));
      }
      const price: PriceObject | undefined = store.state.prices[priceId];
      if (!price) throw noSuch("price", priceId, item.name("price"));
      if (!price.active) throw invalidParam(item.name("price"), "The price specified is inactive. This field only accepts active prices.");
      if (price.type !== "recurring") {
        throw invalidParam(item.name("price"), "You must provide at least one recurring price in `subscription` mode when using prices.");
      }
      return { price, quantity: item.int("quantity", { min: 1 }) ?? 1 };
    });
    if (new Set(lineItems.map((i) => i.price.currency)).size > 1) {
      throw invalidParam("line_items", "All prices in a Checkout Session must have the same currency.");
    }

    const successUrl = params.url("success_url");
    if (successUrl === undefined) throw missingParam("success_url");
    const cancelUrl = params.url("cancel_url") ?? null;
    const clientReferenceId = params.string("client_reference_id") ?? null;
    if (clientReferenceId !== null && clientReferenceId.length > 200) {
      throw invalidParam("client_reference_id", "client_reference_id must be at most 200 characters.");
    }
    const subscriptionData = params.object("subscription_data");
    const subscriptionMetadata = subscriptionData ? mergeMetadata({}, subscriptionData.metadata()) : {};
    const subscriptionDescription = subscriptionData ? (subscriptionData.string("description") ?? null) : null;

    return billing.openCheckout(
      {
        customer: customer ?? null,
        customerEmail: customer ? (store.liveCustomer(customer)?.email ?? null) : (customerEmail ?? null),
        lineItems,
        clientReferenceId,
        successUrl,
        cancelUrl,
        allowPromotionCodes: params.bool("allow_promotion_codes") ?? null,
        metadata: mergeMetadata({}, params.metadata()),
        subscriptionMetadata,
      },
      subscriptionDescription,
    );
  });

  api.get("/v1/checkout/sessions/:id", ({ path }) => session(path("id")));

  api.get("/v1/checkout/sessions/:id/line_items", ({ params, path }) => {
    const id = session(path("id")).id;
    return listPage(store.state.checkoutDetails[id]?.lineItems ?? [], params, `/v1/checkout/sessions/${id}/line_items`, "line item");
  });

  api.post("/v1/checkout/sessions/:id/expire", ({ path, context }) => {
    const found = session(path("id"));
    if (found.status !== "open") {
      throw new StripeApiError(400, "invalid_request_error", `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${found.status}".`);
    }
    found.status = "expired";
    found.url = null;
    bus.emit("checkout.session.expired", found, context);
    return found;
  });

  api.get("/v1/checkout/sessions", ({ params }) => {
    const customer = params.string("customer");
    const subscription = params.string("subscription");
    const status = params.oneOf("status", ["open", "complete", "expired"] as const);
    const sessions = newestFirst(store.state.checkoutSessions).filter(
      (s) =>
        (customer === undefined || s.customer === customer) &&
        (subscription === undefined || s.subscription === subscription) &&
        (status === undefined || s.status === status),
    );
    return listPage(sessions, params, "/v1/checkout/sessions", "checkout.session");
  });

  api.post("/v1/billing_portal/sessions", ({ params }) => {
    const customer = params.requiredString("customer");
    if (!store.liveCustomer(customer)) throw noSuch("customer", customer, "customer");
    const created = buildPortalSession(customer, params.url("return_url") ?? null, publicUrl);
    store.state.portalSessions[created.id] = created;
    return created;
  });
}
