// The environment of the e2e run: the local stack on ports of its own, so
// browser tests never touch the developer's `npm run dev` data. The ports sit
// below Linux's ephemeral range (32768+), where a client connection's local
// port could otherwise take one of them just before the service listens, and
// below the 20000+ band where freePort() picks ports for the other tests.
import { LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY } from "../../emulators/supabase/keys.ts";

export function e2eEnv() {
  const appPort = Number(process.env.E2E_PORT ?? 3100);
  return {
    NEXT_PUBLIC_SITE_URL: `http://127.0.0.1:${appPort}`,
    NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:15321",
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: LOCAL_PUBLISHABLE_KEY,
    NEXT_PUBLIC_LOCAL_MAILBOX_URL: "http://127.0.0.1:15324",
    SUPABASE_SECRET_KEY: LOCAL_SECRET_KEY,
    SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:15322/postgres",
    STRIPE_SECRET_KEY: "sk_test_local_emulator",
    STRIPE_WEBHOOK_SECRET: "whsec_local_stripe_emulator_0123456789abcdef", // the emulator's LOCAL_WEBHOOK_SECRET
    STRIPE_API_URL: "http://127.0.0.1:15111",
  };
}
