// CLI: `tsx emulators/stripe/main.ts [--port 12111] [--webhook-url URL] [--data-dir .local/stripe] [--memory]`
// Env: STRIPE_EMULATOR_PORT, STRIPE_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET, STRIPE_EMULATOR_PUBLIC_URL.
// Runs until SIGINT/SIGTERM, then stops delivering and saves state.
import { parseArgs } from "node:util";
import { DEFAULT_STRIPE_EMULATOR_PORT, startStripeEmulator } from "./server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "webhook-url": { type: "string" },
    "data-dir": { type: "string" },
    memory: { type: "boolean", default: false },
    "public-url": { type: "string" },
  },
});

const port = Number(values.port ?? process.env.STRIPE_EMULATOR_PORT ?? DEFAULT_STRIPE_EMULATOR_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`Invalid port: ${values.port ?? process.env.STRIPE_EMULATOR_PORT}`);
  process.exit(2);
}

const publicUrl = values["public-url"] ?? process.env.STRIPE_EMULATOR_PUBLIC_URL;
const emulator = await startStripeEmulator({
  port,
  ...(values["webhook-url"] !== undefined && { webhookUrl: values["webhook-url"] }),
  ...(values.memory ? {} : { dataDir: values["data-dir"] ?? ".local/stripe" }),
  ...(publicUrl !== undefined && { publicUrl }),
});
console.log(`[stripe] webhook signing secret: ${emulator.webhookSecret}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.stop().then(() => process.exit(0));
  });
}
