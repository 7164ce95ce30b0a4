// npm run billing:sync [-- --dry-run]
// Pages through Stripe's customers and subscriptions and reconciles the
// database through the webhook's SQL function (lib/billing/sync.ts), printing
// what it changed. Safe to run any time: what already matches is untouched.
// Uses the same env as the app (.env.development / .env.local, or the host's).
import { registerHooks } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { loadProjectEnv } from "./lib/env.ts";

// lib/billing is server code marked `import "server-only"`, which throws
// outside Next's server bundles; this script is server code too.
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === "server-only"
      ? { url: pathToFileURL(path.resolve("node_modules/server-only/empty.js")).href, shortCircuit: true }
      : next(specifier, context),
});

const { values } = parseArgs({ options: { "dry-run": { type: "boolean", default: false } } });
loadProjectEnv(process.env.NODE_ENV === "production" ? "production" : "development");

const { syncFromStripe } = await import("../lib/billing/sync.ts");
const { stripe, STRIPE_API_VERSION } = await import("../lib/billing/stripe.ts");
const { createAdminClient } = await import("../lib/supabase/admin.ts");

const dryRun = values["dry-run"];
console.log(`billing:sync${dryRun ? " (dry run)" : ""}: Stripe ${process.env.STRIPE_API_URL ?? "api.stripe.com"} (API ${STRIPE_API_VERSION}) → ${process.env.NEXT_PUBLIC_SUPABASE_URL}`);
try {
  const report = await syncFromStripe({ stripe: stripe(), admin: createAdminClient(), dryRun, log: console.log });
  if (dryRun) for (const change of report.changed) console.log(`  would apply: ${change.what}`);
  for (const problem of report.problems) console.log(`  skipped: ${problem}`);
  console.log(
    `${report.customers} customers, ${report.subscriptions} subscriptions: ` +
      `${report.changed.length} ${dryRun ? "to change" : "changed"}, ${report.unchanged} already in sync, ${report.problems.length} skipped.`,
  );
} catch (error) {
  console.error(`billing:sync failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
