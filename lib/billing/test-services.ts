// What the billing integration tests share: a service-role Supabase client on
// the test stack, a pool on its database, and a Stripe emulator of their own
// (no webhook target) with an SDK client pointed at it. Started before the
// file's tests, stopped after.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, inject } from "vitest";
import { startStripeEmulator, type RunningStripeEmulator } from "@/emulators/stripe/server";
import type { Database } from "@/lib/supabase/database.types";

export interface BillingTestServices {
  admin: SupabaseClient<Database>;
  db: pg.Pool;
  emulator: RunningStripeEmulator;
  stripe: Stripe;
}

export function billingTestServices(stripeKey: string): BillingTestServices {
  const stack = inject("stack");
  const services = {
    admin: createClient<Database>(stack.apiUrl, stack.secretKey, { auth: { persistSession: false, autoRefreshToken: false } }),
  } as BillingTestServices;
  beforeAll(async () => {
    services.db = new pg.Pool({ connectionString: stack.dbUrl, max: 2 });
    services.emulator = await startStripeEmulator({ port: 0, webhookUrl: null, log: () => {} });
    services.stripe = new Stripe(stripeKey, { host: "127.0.0.1", port: services.emulator.port, protocol: "http" });
  });
  afterAll(async () => {
    await services.emulator?.stop();
    await services.db?.end();
  });
  return services;
}
