// Starts the local stand-ins for hosted services, as the env asks: the
// Supabase stack when NEXT_PUBLIC_SUPABASE_URL points at this machine, the
// Stripe emulator when STRIPE_API_URL does. Used by `dev` and `stack`.
import { existsSync } from "node:fs";
import path from "node:path";
import { StackError } from "../../emulators/supabase/postgres.ts";
import type { ConfigOverrides } from "../../emulators/supabase/config.ts";
import { DEFAULT_PORTS, startLocalStack, type RunningStack } from "../../emulators/supabase/stack.ts";
import { isLocalUrl, portOf } from "./env.ts";

export const LOCAL_DIR = path.resolve(".local");

export interface LocalServices {
  lines: string[];
  stop(): Promise<void>;
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export interface LocalServicesOptions {
  /** Where the services keep their data; `.local` by default. */
  localDir?: string;
  configOverrides?: ConfigOverrides;
  /** Load supabase/seed.sql into a newly created database (default true). */
  seedNewDatabase?: boolean;
}

export async function startLocalServices(
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  { localDir = LOCAL_DIR, configOverrides, seedNewDatabase }: LocalServicesOptions = {},
): Promise<LocalServices> {
  const lines: string[] = [];
  const stops: Array<() => Promise<void>> = [];
  const supabaseUrl = env.NEXT_PUBLIC_SUPABASE_URL;

  if (isLocalUrl(supabaseUrl)) {
    if (await isHealthy(`${supabaseUrl}/_emulator/health`)) {
      lines.push(`Supabase API  ${supabaseUrl} (already running, reused)`);
    } else {
      const dbPort = env.SUPABASE_DB_URL ? portOf(env.SUPABASE_DB_URL, DEFAULT_PORTS.db) : DEFAULT_PORTS.db;
      const stack: RunningStack = await startLocalStack({
        localDir,
        ports: {
          api: portOf(supabaseUrl!, DEFAULT_PORTS.api),
          db: dbPort,
          mailbox: env.NEXT_PUBLIC_LOCAL_MAILBOX_URL ? portOf(env.NEXT_PUBLIC_LOCAL_MAILBOX_URL, DEFAULT_PORTS.mailbox) : DEFAULT_PORTS.mailbox,
        },
        configOverrides,
        seedNewDatabase: seedNewDatabase ?? true,
        logLevel: env.EMULATOR_LOG === "silent" ? "silent" : env.EMULATOR_LOG === "info" ? "info" : "error",
        log,
      });
      stops.push(() => stack.stop());
      lines.push(`Supabase API  ${stack.apiUrl}`, `Postgres      ${stack.dbUrl}`, `Mailbox       ${stack.mailboxUrl}`);
    }
  }

  const stripeUrl = env.STRIPE_API_URL;
  const stripeModule = path.resolve("emulators/stripe/index.ts");
  if (isLocalUrl(stripeUrl) && existsSync(stripeModule)) {
    if (await isHealthy(`${stripeUrl}/_emulator/health`)) {
      lines.push(`Stripe API    ${stripeUrl} (already running, reused)`);
    } else {
      const { startStripeEmulator } = await import(stripeModule);
      const siteUrl = env.NEXT_PUBLIC_SITE_URL ?? "http://localhost:3000";
      const stripe = await startStripeEmulator({
        port: portOf(stripeUrl!, 12111),
        webhookUrl: `${siteUrl}/api/webhooks/stripe`,
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        dataDir: path.join(localDir, "stripe"),
      });
      stops.push(() => stripe.stop());
      lines.push(`Stripe API    ${stripe.url} (webhooks → ${siteUrl}/api/webhooks/stripe)`);
    }
  }

  return {
    lines,
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** Prints a StackError as one line with its fix; anything else with its stack. */
export function reportStartupError(error: unknown): never {
  if (error instanceof StackError) {
    console.error(`\n✖ ${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
