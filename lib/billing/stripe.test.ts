import Stripe from "stripe";
import { expect, test, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { STRIPE_API_VERSION, stripeAddress } = await import("./stripe");
const { formatAmount } = await import("./prices");

test("the pinned API version is the one the installed SDK is typed for", () => {
  expect(STRIPE_API_VERSION).toBe(Stripe.API_VERSION);
});

test("STRIPE_API_URL becomes the SDK's host, port and protocol", () => {
  expect(stripeAddress("http://127.0.0.1:12111")).toEqual({ host: "127.0.0.1", port: 12111, protocol: "http" });
  expect(stripeAddress("https://stripe.internal")).toEqual({ host: "stripe.internal", port: 443, protocol: "https" });
  expect(stripeAddress("http://localhost")).toEqual({ host: "localhost", port: 80, protocol: "http" });
});

test("amounts are shown in the currency's own units", () => {
  expect(formatAmount(1900, "usd")).toBe("$19");
  expect(formatAmount(1950, "usd")).toBe("$19.50");
  expect(formatAmount(950, "eur")).toBe("€9.50");
  expect(formatAmount(1000, "jpy")).toBe("¥1,000");
});
