// The emulator's state: every object by id, in creation order (so lists can
// return newest first), optionally saved as JSON after each change so a dev
// restart keeps customers and subscriptions. Objects are stored unexpanded,
// exactly as the API renders them.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CATALOG } from "./catalog.ts";
import { nowSeconds } from "./ids.ts";
import type { CheckoutLineItemObject, CheckoutSessionObject } from "./objects/checkout-session.ts";
import type { CustomerObject, DeletedCustomerObject } from "./objects/customer.ts";
import type { InvoiceObject } from "./objects/invoice.ts";
import type { PaymentIntentObject, PortalSessionObject, WebhookEndpointObject } from "./objects/misc.ts";
import { buildPrice, buildProduct, type PriceObject, type ProductObject } from "./objects/product.ts";
import type { SubscriptionObject } from "./objects/subscription.ts";

export type ApiObject =
  | CustomerObject
  | DeletedCustomerObject
  | ProductObject
  | PriceObject
  | CheckoutSessionObject
  | PortalSessionObject
  | SubscriptionObject
  | InvoiceObject
  | PaymentIntentObject
  | WebhookEndpointObject;

export interface EventObject {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: ApiObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** What a checkout session was created with that its JSON does not show. */
export interface CheckoutDetails {
  lineItems: CheckoutLineItemObject[];
  subscriptionMetadata: Record<string, string>;
  subscriptionDescription: string | null;
}

export interface StripeState {
  version: 1;
  customers: Record<string, CustomerObject | DeletedCustomerObject>;
  products: Record<string, ProductObject>;
  prices: Record<string, PriceObject>;
  checkoutSessions: Record<string, CheckoutSessionObject>;
  checkoutDetails: Record<string, CheckoutDetails>;
  portalSessions: Record<string, PortalSessionObject>;
  subscriptions: Record<string, SubscriptionObject>;
  invoices: Record<string, InvoiceObject>;
  paymentIntents: Record<string, PaymentIntentObject>;
  events: Record<string, EventObject>;
  webhookEndpoints: Record<string, WebhookEndpointObject>;
  invoiceCount: number;
}

function emptyState(): StripeState {
  return {
    version: 1,
    customers: {},
    products: {},
    prices: {},
    checkoutSessions: {},
    checkoutDetails: {},
    portalSessions: {},
    subscriptions: {},
    invoices: {},
    paymentIntents: {},
    events: {},
    webhookEndpoints: {},
    invoiceCount: 0,
  };
}

/** Collections an id can be looked up in, by the id's prefix (for `expand`). */
const COLLECTION_BY_PREFIX: [string, keyof StripeState][] = [
  ["cus_", "customers"],
  ["prod_", "products"],
  ["price_", "prices"],
  ["cs_", "checkoutSessions"],
  ["bps_", "portalSessions"],
  ["sub_", "subscriptions"],
  ["in_", "invoices"],
  ["pi_", "paymentIntents"],
  ["we_", "webhookEndpoints"],
];

export class StripeStore {
  readonly state: StripeState;
  private readonly file: string | null;

  constructor(dataDir?: string) {
    this.file = dataDir ? path.join(dataDir, "state.json") : null;
    this.state = this.file && existsSync(this.file) ? this.load(this.file) : emptyState();
    this.seedCatalog();
  }

  private load(file: string): StripeState {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<StripeState>;
    if (parsed.version !== 1) throw new Error(`${file}: unknown state version ${String(parsed.version)}; delete it to start fresh`);
    return { ...emptyState(), ...parsed };
  }

  /** Adds any catalogue product or price missing from the state (never overwrites). */
  private seedCatalog(): void {
    const created = nowSeconds();
    for (const entry of CATALOG) {
      this.state.products[entry.id] ??= buildProduct(entry, created);
      for (const price of entry.prices) this.state.prices[price.id] ??= buildPrice(price, entry, created);
    }
    this.save();
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state));
    renameSync(temp, this.file);
  }

  /** Any stored object by id, or undefined (used to expand references). */
  findById(id: string): ApiObject | undefined {
    const entry = COLLECTION_BY_PREFIX.find(([prefix]) => id.startsWith(prefix));
    if (!entry) return undefined;
    const collection = this.state[entry[1]] as Record<string, ApiObject>;
    return collection[id];
  }

  priceByLookupKey(lookupKey: string): PriceObject | undefined {
    return Object.values(this.state.prices).find((price) => price.lookup_key === lookupKey);
  }

  liveCustomer(id: string): CustomerObject | undefined {
    const customer = this.state.customers[id];
    return customer && !("deleted" in customer && customer.deleted) ? (customer as CustomerObject) : undefined;
  }

  nextInvoiceNumber(customer: CustomerObject | undefined): string {
    this.state.invoiceCount += 1;
    const prefix = customer?.invoice_prefix ?? "LOCAL";
    return `${prefix}-${String(this.state.invoiceCount).padStart(4, "0")}`;
  }
}

/** Newest first, as Stripe lists objects. */
export function newestFirst<T>(collection: Record<string, T>): T[] {
  return Object.values(collection).reverse();
}
