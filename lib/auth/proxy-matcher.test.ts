// Which requests go through proxy.ts, checked with Next's own matcher logic.
import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, test } from "vitest";
import { config } from "@/proxy";

const runsOn = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe("proxy matcher", () => {
  test("pages, server actions and app API routes get the session check", () => {
    for (const url of ["/", "/dashboard", "/projects/1b4e28ba-2fa1-11d2-883f-0016d3cca427", "/login?next=/billing", "/api/projects/x/jobs", "/auth/callback"]) {
      expect(runsOn(url), url).toBe(true);
    }
  });

  test("static assets, the liveness probe and Stripe's webhook skip it", () => {
    for (const url of ["/_next/static/chunks/app.js", "/_next/image?url=%2Fa.png&w=64&q=75", "/favicon.ico", "/logo.svg", "/api/health", "/api/webhooks/stripe"]) {
      expect(runsOn(url), url).toBe(false);
    }
  });
});
