// The security headers every response carries, as Next reads them from next.config.ts.
import { afterEach, describe, expect, test, vi } from "vitest";
import nextConfig, { contentSecurityPolicy } from "./next.config";

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((part) => {
    const [name, ...sources] = part.trim().split(/\s+/);
    return [name!, sources];
  }));
}

afterEach(() => vi.unstubAllEnvs());

describe("security headers", () => {
  test("every path gets the policy, nosniff, framing denial, referrer and permissions policies, and HSTS", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("NEXT_PUBLIC_SUPABASE_URL", "https://abc.supabase.co");
    vi.stubEnv("STRIPE_API_URL", "");
    const rules = await nextConfig.headers!();
    expect(rules).toHaveLength(1);
    expect(rules[0]!.source).toBe("/:path*");
    const headers = Object.fromEntries(rules[0]!.headers.map(({ key, value }) => [key, value]));
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Strict-Transport-Security": expect.stringMatching(/^max-age=\d{8,}/),
      "Permissions-Policy": expect.stringContaining("camera=()"),
    });
    const csp = directives(headers["Content-Security-Policy"]!);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
    expect(csp.get("img-src")).toContain("https://abc.supabase.co");
    expect(csp.get("connect-src")).toEqual(["'self'", "https://abc.supabase.co"]);
    expect(csp.get("form-action")).toEqual(["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"]);
  });

  test("a production policy: no eval, images only from this site and Supabase", () => {
    const csp = directives(contentSecurityPolicy({ dev: false, supabaseUrl: "https://abc.supabase.co/" }));
    expect(csp.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:", "https://abc.supabase.co"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });

  test("next dev gets eval and the HMR websocket; the local emulators' origins are allowed", () => {
    const csp = directives(
      contentSecurityPolicy({ dev: true, supabaseUrl: "http://127.0.0.1:54321", stripeApiUrl: "http://127.0.0.1:12111" }),
    );
    expect(csp.get("script-src")).toContain("'unsafe-eval'");
    expect(csp.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:54321", "ws:", "wss:"]);
    expect(csp.get("img-src")).toContain("http://127.0.0.1:54321");
    expect(csp.get("form-action")).toContain("http://127.0.0.1:12111");
  });

  test("a malformed URL is left out rather than breaking the policy", () => {
    const csp = directives(contentSecurityPolicy({ dev: false, supabaseUrl: "not a url" }));
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  });
});
