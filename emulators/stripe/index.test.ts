// The entry `npm run dev` imports starts an emulator that answers the health
// check the dev script polls.
import { describe, expect, it } from "vitest";
import { CATALOG_LOOKUP_KEYS, LOCAL_WEBHOOK_SECRET, STRIPE_API_VERSION, startStripeEmulator } from "./index.ts";

describe("emulators/stripe/index.ts", () => {
  it("starts, reports health with the pinned version and webhook target, and stops", async () => {
    const emulator = await startStripeEmulator({ port: 0, webhookUrl: "http://127.0.0.1:9/api/webhooks/stripe", log: () => {} });
    try {
      expect(emulator.webhookSecret).toBe(LOCAL_WEBHOOK_SECRET);
      const health = (await (await fetch(`${emulator.url}/_emulator/health`)).json()) as Record<string, unknown>;
      expect(health).toEqual({ ok: true, api_version: STRIPE_API_VERSION, webhook_endpoints: ["http://127.0.0.1:9/api/webhooks/stripe"] });
      expect(CATALOG_LOOKUP_KEYS).toEqual(["pro_monthly", "pro_yearly", "studio_monthly", "studio_yearly", "enterprise_monthly", "enterprise_yearly"]);
    } finally {
      await emulator.stop();
    }
    await expect(fetch(`${emulator.url}/_emulator/health`)).rejects.toThrow();
  });
});
