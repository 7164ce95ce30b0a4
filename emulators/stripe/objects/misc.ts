// The smaller objects: billing portal sessions, webhook endpoints, and the
// payment intents that `trigger payment_intent.*` produces.
import type Stripe from "stripe";
import { newId, nowSeconds, randomBase62 } from "../ids.ts";
import type { Wire } from "../wire.ts";

export type PortalSessionObject = Wire<Stripe.BillingPortal.Session>;
export type WebhookEndpointObject = Wire<Stripe.WebhookEndpoint>;
export type PaymentIntentObject = Wire<Stripe.PaymentIntent>;

/** The emulator has one portal configuration, the default one. */
export const PORTAL_CONFIGURATION_ID = "bpc_local_default";

export function buildPortalSession(customer: string, returnUrl: string | null, publicUrl: string): PortalSessionObject {
  const id = newId("portalSession");
  return {
    id,
    object: "billing_portal.session",
    configuration: PORTAL_CONFIGURATION_ID,
    created: nowSeconds(),
    customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${publicUrl}/portal/${id}`,
  };
}

export interface WebhookEndpointFields {
  url: string;
  enabledEvents: string[];
  description: string | null;
  metadata: Record<string, string>;
  apiVersion: string | null;
}

export function buildWebhookEndpoint(fields: WebhookEndpointFields, id = newId("webhookEndpoint")): WebhookEndpointObject {
  return {
    id,
    object: "webhook_endpoint",
    api_version: fields.apiVersion,
    application: null,
    created: nowSeconds(),
    description: fields.description,
    enabled_events: fields.enabledEvents,
    livemode: false,
    metadata: fields.metadata,
    status: "enabled",
    url: fields.url,
  };
}

export function buildPaymentIntent(amount: number, currency: string, customer: string | null): PaymentIntentObject {
  const id = newId("paymentIntent");
  return {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: { allow_redirects: "always", enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: `${id}_secret_${randomBase62(25)}`,
    confirmation_method: "automatic",
    created: nowSeconds(),
    currency,
    customer,
    customer_account: null,
    description: null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_group: null,
  };
}
