// Ids shaped like Stripe's test-mode ids: a type prefix and random base62.
import { randomInt } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length: number): string {
  let out = "";
  for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export const ID_PREFIXES = {
  customer: "cus",
  product: "prod",
  price: "price",
  checkoutSession: "cs_test",
  checkoutLineItem: "li",
  portalSession: "bps",
  portalConfiguration: "bpc",
  subscription: "sub",
  subscriptionItem: "si",
  invoice: "in",
  invoiceLineItem: "il",
  paymentIntent: "pi",
  event: "evt",
  webhookEndpoint: "we",
  request: "req",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  if (kind === "checkoutSession") return `cs_test_a1${randomBase62(56)}`;
  if (kind === "request") return `req_${randomBase62(14)}`;
  return `${ID_PREFIXES[kind]}_1${randomBase62(23)}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
