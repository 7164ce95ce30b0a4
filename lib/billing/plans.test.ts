import { describe, expect, test } from "vitest";
import { LOOKUP_KEYS, describeLimits, lookupKeyFor, planForLookupKey, PLANS } from "./plans";

describe("lookup keys", () => {
  test("one per paid tier and interval, and each maps back to its plan", () => {
    expect(LOOKUP_KEYS).toEqual(["pro_monthly", "pro_yearly", "studio_monthly", "studio_yearly", "enterprise_monthly", "enterprise_yearly"]);
    for (const key of LOOKUP_KEYS) {
      const plan = planForLookupKey(key)!;
      expect(lookupKeyFor(plan.tier, plan.interval)).toBe(key);
    }
  });

  test("unknown or missing keys are not a plan", () => {
    expect(planForLookupKey("gold_monthly")).toBeNull();
    expect(planForLookupKey("free_monthly")).toBeNull();
    expect(planForLookupKey(null)).toBeNull();
    expect(planForLookupKey(undefined)).toBeNull();
  });
});

test("limits read as people say them", () => {
  expect(describeLimits(PLANS.free.limits)).toEqual(["3 projects", "50 jobs a month", "1 GB storage"]);
  expect(describeLimits(PLANS.studio.limits)).toEqual(["500 projects", "20,000 jobs a month", "500 GB storage"]);
  expect(describeLimits(PLANS.enterprise.limits)).toEqual(["Unlimited projects", "Unlimited jobs", "Unlimited storage"]);
});
