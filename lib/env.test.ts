import { describe, expect, test } from "vitest";
import { EnvError, parseEnv, publicEnvSchema, serverEnvSchema } from "./env";

const goodPublic = {
  NEXT_PUBLIC_SITE_URL: "http://localhost:3000/",
  NEXT_PUBLIC_SUPABASE_URL: "https://abc.supabase.co",
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH",
};
const goodServer = {
  SUPABASE_SECRET_KEY: "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz",
  STRIPE_SECRET_KEY: "sk_test_123",
  STRIPE_WEBHOOK_SECRET: "whsec_abc",
};

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected an EnvError");
}

describe("public environment", () => {
  test("parses valid values, trimming a trailing slash from URLs", () => {
    expect(parseEnv(publicEnvSchema, goodPublic, "public")).toEqual({
      siteUrl: "http://localhost:3000",
      supabaseUrl: "https://abc.supabase.co",
      supabasePublishableKey: goodPublic.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
      localMailboxUrl: undefined,
    });
  });

  test("accepts the legacy anon key name instead of the publishable key", () => {
    const { NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: _, ...rest } = goodPublic;
    const env = parseEnv(publicEnvSchema, { ...rest, NEXT_PUBLIC_SUPABASE_ANON_KEY: "eyJhbGciOiJIUzI1NiJ9.legacy.anon" }, "public");
    expect(env.supabasePublishableKey).toBe("eyJhbGciOiJIUzI1NiJ9.legacy.anon");
  });

  test("rejects a malformed URL with a message naming the variable and the expected shape", () => {
    const message = errorOf(() => parseEnv(publicEnvSchema, { ...goodPublic, NEXT_PUBLIC_SUPABASE_URL: "abc.supabase.co" }, "public"));
    expect(message).toContain("NEXT_PUBLIC_SUPABASE_URL must be an http(s) URL, e.g. https://<project-ref>.supabase.co");
  });

  test("names every bad variable in one message", () => {
    const message = errorOf(() => parseEnv(publicEnvSchema, { NEXT_PUBLIC_SITE_URL: "ftp://x" }, "public"));
    expect(message).toContain("NEXT_PUBLIC_SITE_URL must be an http(s) URL");
    expect(message).toContain("NEXT_PUBLIC_SUPABASE_URL is missing");
    expect(message).toContain("NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY is required");
    expect(message).toContain("See .env.example");
  });
});

describe("server environment", () => {
  test("parses valid values and accepts the legacy service-role name", () => {
    expect(parseEnv(serverEnvSchema, goodServer, "server").supabaseSecretKey).toBe(goodServer.SUPABASE_SECRET_KEY);
    const { SUPABASE_SECRET_KEY: _, ...rest } = goodServer;
    const legacy = parseEnv(serverEnvSchema, { ...rest, SUPABASE_SERVICE_ROLE_KEY: "eyJhbGciOiJIUzI1NiJ9.legacy.service" }, "server");
    expect(legacy.supabaseSecretKey).toBe("eyJhbGciOiJIUzI1NiJ9.legacy.service");
  });

  test("rejects a Stripe key of the wrong kind and a missing webhook secret", () => {
    const message = errorOf(() =>
      parseEnv(serverEnvSchema, { ...goodServer, STRIPE_SECRET_KEY: "pk_test_123", STRIPE_WEBHOOK_SECRET: "" }, "server"),
    );
    expect(message).toContain("STRIPE_SECRET_KEY must be a Stripe secret key, e.g. sk_test_…");
    expect(message).toContain("STRIPE_WEBHOOK_SECRET");
  });
});
