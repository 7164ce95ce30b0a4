// Customer objects as the API renders them.
import type Stripe from "stripe";
import { newId, nowSeconds } from "../ids.ts";
import type { Wire } from "../wire.ts";

export type CustomerObject = Wire<Stripe.Customer>;
export type DeletedCustomerObject = Wire<Stripe.DeletedCustomer>;

export interface CustomerFields {
  email?: string | null;
  name?: string | null;
  description?: string | null;
  phone?: string | null;
  metadata?: Record<string, string>;
}

export function buildCustomer(fields: CustomerFields): CustomerObject {
  const id = newId("customer");
  return {
    id,
    object: "customer",
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name ?? null,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function deletedCustomer(id: string): DeletedCustomerObject {
  return { id, object: "customer", deleted: true };
}
