// What every route and page shares.
import type { Billing } from "./billing.ts";
import type { EventBus } from "./events.ts";
import type { StripeStore } from "./store.ts";

export interface EmulatorCore {
  store: StripeStore;
  billing: Billing;
  bus: EventBus;
  /** Where browsers reach the emulator (checkout and portal URLs). */
  publicUrl: string;
}
