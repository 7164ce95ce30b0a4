// What the billing integration tests share: a service-role Supabase client on
// the test stack, a pool on its database, and a Stripe emulator of their own
// (no webhook target) with an SDK client pointed at it. Started before the
// file's tests, stopped after. With `appEnv`, the app's environment points at
// them too, for tests that call the webhook route as Next does.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, inject } from "vitest";
import { startStripeEmulator, type RunningStripeEmulator } from "@/emulators/stripe/server";
import type { Database } from "@/lib/supabase/database.types";
import { TEST_WEBHOOK_SECRET } from "./test-support";

export interface BillingTestServices {
  admin: SupabaseClient<Database>;
  db: pg.Pool;
  emulator: RunningStripeEmulator;
  stripe: Stripe;
}

export function billingTestServices(stripeKey: string, { appEnv = false } = {}): BillingTestServices {
  const stack = inject("stack");
  const services = {
    admin: createClient<Database>(stack.apiUrl, stack.secretKey, { auth: { persistSession: false, autoRefreshToken: false } }),
  } as BillingTestServices;
  beforeAll(async () => {
    services.db = new pg.Pool({ connectionString: stack.dbUrl, max: 4 });
    services.emulator = await startStripeEmulator({ port: 0, webhookUrl: null, log: () => {} });
    services.stripe = new Stripe(stripeKey, { host: "127.0.0.1", port: services.emulator.port, protocol: "http" });
    if (appEnv) {
      Object.assign(process.env, {
        NEXT_PUBLIC_SITE_URL: "http://127.0.0.1:3999",
        NEXT_PUBLIC_SUPABASE_URL: stack.apiUrl,
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: stack.publishableKey,
        SUPABASE_SECRET_KEY: stack.secretKey,
        STRIPE_SECRET_KEY: stripeKey,
        STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        STRIPE_API_URL: services.emulator.url,
      });
    }
  });
  afterAll(async () => {
    await services.emulator?.stop();
    await services.db?.end();
  });
  return services;
}
