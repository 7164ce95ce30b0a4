// The emulator's public surface, for `npm run dev`, scripts and tests.
export { STRIPE_API_VERSION } from "./api-version.ts";
export { CATALOG, CATALOG_CURRENCY, CATALOG_LOOKUP_KEYS, type CatalogPrice, type CatalogProduct, type PaidTier } from "./catalog.ts";
export {
  DEFAULT_STRIPE_EMULATOR_PORT,
  startStripeEmulator,
  type RunningStripeEmulator,
  type StripeEmulatorOptions,
} from "./server.ts";
export { TRIGGER_TYPES, type TriggerOverrides, type TriggerResult } from "./triggers.ts";
export type { DeliveryRecord } from "./webhooks/delivery.ts";
export { LOCAL_WEBHOOK_SECRET, signatureHeader } from "./webhooks/signing.ts";
