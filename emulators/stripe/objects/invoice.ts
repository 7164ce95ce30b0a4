// Invoices a subscription generates: draft → open (finalized) → paid, or open
// with a failed attempt. In the pinned API version the subscription is named
// under `parent.subscription_details`, and each line's price under
// `pricing.price_details`.
import type Stripe from "stripe";
import { newId, nowSeconds } from "../ids.ts";
import type { Wire } from "../wire.ts";
import type { CustomerObject } from "./customer.ts";
import { currentPeriod, type SubscriptionObject } from "./subscription.ts";

export type InvoiceObject = Wire<Stripe.Invoice>;
export type InvoiceLineObject = Wire<Stripe.InvoiceLineItem>;

function buildLine(invoiceId: string, subscription: SubscriptionObject, item: SubscriptionObject["items"]["data"][number]): InvoiceLineObject {
  const quantity = item.quantity ?? 1;
  const amount = (item.price.unit_amount ?? 0) * quantity;
  const productName = item.price.nickname ?? "Subscription";
  return {
    id: newId("invoiceLineItem"),
    object: "line_item",
    amount,
    currency: item.price.currency,
    description: `${quantity} × ${productName}`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: subscription.metadata,
    parent: {
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: subscription.id,
        subscription_item: item.id,
      },
      type: "subscription_item_details",
    },
    period: { start: item.current_period_start, end: item.current_period_end },
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: item.price.id, product: typeof item.price.product === "string" ? item.price.product : item.price.product.id },
      type: "price_details",
      unit_amount_decimal: item.price.unit_amount_decimal,
    },
    quantity,
    quantity_decimal: String(quantity),
    subscription: subscription.id,
    subtotal: amount,
    taxes: [],
  };
}

export interface InvoiceFields {
  subscription: SubscriptionObject;
  customer: CustomerObject | null;
  billingReason: "subscription_create" | "subscription_cycle" | "subscription_update";
  /** The invoice's own period: the one just ended for a renewal, the start instant for the first invoice. */
  period: { start: number; end: number };
}

export function buildDraftInvoice(fields: InvoiceFields): InvoiceObject {
  const id = newId("invoice");
  const created = nowSeconds();
  const lines = fields.subscription.items.data.map((item) => buildLine(id, fields.subscription, item));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const customerId = fields.subscription.customer;
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Local Stripe emulator",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: fields.billingReason,
    collection_method: "charge_automatically",
    created,
    currency: fields.subscription.currency,
    custom_fields: null,
    customer: typeof customerId === "string" ? customerId : customerId.id,
    customer_account: null,
    customer_address: null,
    customer_email: fields.customer?.email ?? null,
    customer_name: fields.customer?.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      quote_details: null,
      subscription_details: { metadata: fields.subscription.metadata, subscription: fields.subscription.id },
      type: "subscription_details",
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: fields.period.end,
    period_start: fields.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: created,
  };
}

/** The first invoice covers the instant the subscription starts. */
export function firstInvoicePeriod(subscription: SubscriptionObject) {
  const { start } = currentPeriod(subscription);
  return { start, end: start };
}

export function finalizeInvoice(invoice: InvoiceObject, publicUrl: string, number: string): void {
  const at = nowSeconds();
  invoice.status = "open";
  invoice.number = number;
  invoice.effective_at = at;
  invoice.status_transitions.finalized_at = at;
  invoice.hosted_invoice_url = `${publicUrl}/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${publicUrl}/invoices/${invoice.id}/pdf`;
}

export function markInvoicePaid(invoice: InvoiceObject): void {
  invoice.status = "paid";
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.ending_balance = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = nowSeconds();
}

export function markPaymentFailed(invoice: InvoiceObject): void {
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.ending_balance = 0;
  // Smart Retries would try again in a few days.
  invoice.next_payment_attempt = nowSeconds() + 3 * 86_400;
}
