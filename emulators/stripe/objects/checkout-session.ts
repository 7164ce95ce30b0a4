// Checkout Sessions in subscription mode and their line items. The line items
// are not part of the session's JSON unless expanded (`expand[]=line_items`).
import type Stripe from "stripe";
import { newId, nowSeconds } from "../ids.ts";
import type { Wire } from "../wire.ts";
import type { PriceObject } from "./product.ts";

export type CheckoutSessionObject = Wire<Stripe.Checkout.Session>;
export type CheckoutLineItemObject = Wire<Stripe.LineItem>;

export interface CheckoutSessionFields {
  customer: string | null;
  customerEmail: string | null;
  lineItems: { price: PriceObject; quantity: number }[];
  clientReferenceId: string | null;
  successUrl: string;
  cancelUrl: string | null;
  allowPromotionCodes: boolean | null;
  metadata: Record<string, string>;
  subscriptionMetadata: Record<string, string>;
  publicUrl: string;
}

export function buildCheckoutLineItem(price: PriceObject, quantity: number): CheckoutLineItemObject {
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id: newId("checkoutLineItem"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: price.nickname,
    metadata: {},
    price,
    quantity,
  };
}

export function buildCheckoutSession(fields: CheckoutSessionFields): CheckoutSessionObject {
  const id = newId("checkoutSession");
  const created = nowSeconds();
  const total = fields.lineItems.reduce((sum, item) => sum + (item.price.unit_amount ?? 0) * item.quantity, 0);
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: fields.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: fields.cancelUrl,
    client_reference_id: fields.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency: fields.lineItems[0]?.price.currency ?? "usd",
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: fields.customer,
    customer_account: null,
    customer_creation: fields.customer ? null : "always",
    customer_details: fields.customerEmail
      ? { address: null, business_name: null, email: fields.customerEmail, individual_name: null, name: null, phone: null, tax_exempt: "none", tax_ids: null }
      : null,
    customer_email: fields.customer ? null : fields.customerEmail,
    discounts: [],
    expires_at: created + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: fields.metadata,
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: { allow_redisplay_filters: ["always"], payment_method_remove: "disabled", payment_method_save: null },
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: fields.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: `${fields.publicUrl}/checkout/${id}`,
    wallet_options: null,
  };
}

/** Stripe replaces the literal `{CHECKOUT_SESSION_ID}` in success_url when redirecting. */
export function successRedirect(session: CheckoutSessionObject): string {
  return (session.success_url ?? "").replaceAll("{CHECKOUT_SESSION_ID}", session.id);
}
