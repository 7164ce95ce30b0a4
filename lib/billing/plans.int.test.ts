// The plan copy in plans.ts repeats public.plan_limits (the database enforces
// those); this fails the moment a migration changes a limit and the copy does
// not follow. And every lookup key the app sells must resolve to a price.
import pg from "pg";
import Stripe from "stripe";
import { afterAll, beforeAll, expect, inject, test, vi } from "vitest";
import { startStripeEmulator, type RunningStripeEmulator } from "@/emulators/stripe/server";
import { LOOKUP_KEYS, PLANS, TIERS } from "./plans";

vi.mock("server-only", () => ({}));
const { fetchPlanPrices, formatAmount } = await import("./prices");

let db: pg.Pool;
let emulator: RunningStripeEmulator;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: inject("stack").dbUrl, max: 2 });
  emulator = await startStripeEmulator({ port: 0, webhookUrl: null, log: () => {} });
});
afterAll(async () => {
  await emulator?.stop();
  await db?.end();
});

test("each tier's limits in plans.ts equal public.plan_limits", async () => {
  const { rows } = await db.query<{ tier: string; max_projects: number | null; max_jobs_per_month: number | null; max_storage_bytes: string | null }>(
    "select tier, max_projects, max_jobs_per_month, max_storage_bytes from public.plan_limits order by tier",
  );
  expect(rows.map((r) => r.tier)).toEqual([...TIERS]);
  for (const row of rows) {
    expect(PLANS[row.tier as keyof typeof PLANS].limits, row.tier).toEqual({
      maxProjects: row.max_projects,
      maxJobsPerMonth: row.max_jobs_per_month,
      maxStorageBytes: row.max_storage_bytes === null ? null : Number(row.max_storage_bytes),
    });
  }
});

test("every lookup key the app sells is an active recurring price with its own interval", async () => {
  const client = new Stripe("sk_test_plans", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
  const prices = await fetchPlanPrices(client);
  expect(prices.map((p) => p.lookupKey).sort()).toEqual([...LOOKUP_KEYS].sort());
  const proMonthly = prices.find((p) => p.lookupKey === "pro_monthly")!;
  expect(proMonthly).toMatchObject({ tier: "pro", interval: "month", currency: "usd" });
  expect(proMonthly.priceId).toMatch(/^price_/);
  expect(formatAmount(proMonthly.unitAmount, proMonthly.currency)).toMatch(/^\$\d+(\.\d\d)?$/);
});
