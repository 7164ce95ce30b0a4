// The redirect allow list: gobwas/glob semantics for additional_redirect_urls
// and GoTrue's rules for the site URL and loopback addresses.
import { describe, expect, test } from "vitest";
import { compileRedirectPattern, encodeRedirectParam, isRedirectUrlValid, rewriteUrl } from "./redirects.ts";
import type { AuthSettings } from "./settings.ts";

function settings(siteUrl: string, patterns: string[]): AuthSettings {
  return { siteUrl, redirectAllowList: patterns.map(compileRedirectPattern) } as AuthSettings;
}

describe("compileRedirectPattern", () => {
  test("* stays within one dot- or slash-separated part; ** crosses them", () => {
    const one = compileRedirectPattern("https://*.example.org/*");
    expect(one.test("https://preview.example.org/callback")).toBe(true);
    expect(one.test("https://a.b.example.org/callback")).toBe(false);
    expect(one.test("https://preview.example.org/auth/callback")).toBe(false);
    const any = compileRedirectPattern("http://localhost:3000/**");
    expect(any.test("http://localhost:3000/auth/confirm?next=/a.b")).toBe(true);
    expect(any.test("http://localhost:3001/auth")).toBe(false);
  });

  test("?, character classes, negation and alternatives", () => {
    expect(compileRedirectPattern("http://app?.test/x").test("http://app1.test/x")).toBe(true);
    expect(compileRedirectPattern("http://app[0-9].test/x").test("http://appa.test/x")).toBe(false);
    expect(compileRedirectPattern("http://app[!0-9].test/x").test("http://appa.test/x")).toBe(true);
    const alternatives = compileRedirectPattern("https://{www,app}.example.org/**");
    expect(alternatives.test("https://app.example.org/a")).toBe(true);
    expect(alternatives.test("https://api.example.org/a")).toBe(false);
  });

  test("regular expression characters in a pattern are literal", () => {
    const pattern = compileRedirectPattern("https://example.org/a+b(c)");
    expect(pattern.test("https://example.org/a+b(c)")).toBe(true);
    expect(pattern.test("https://example.org/aab(c)")).toBe(false);
  });
});

describe("isRedirectUrlValid", () => {
  const s = settings("http://localhost:3000", ["https://*.example.org/**"]);

  test("the site itself on any path, and on any port when it is localhost", () => {
    expect(isRedirectUrlValid(s, "http://localhost:3000/dashboard")).toBe(true);
    expect(isRedirectUrlValid(s, "http://localhost:4000/dashboard")).toBe(true);
    expect(isRedirectUrlValid(s, "https://localhost:3000/dashboard")).toBe(false);
  });

  test("loopback IPs are allowed; other IPs, decimal IPs and odd hostnames are not", () => {
    expect(isRedirectUrlValid(s, "http://127.0.0.1:9999/cb")).toBe(true);
    expect(isRedirectUrlValid(s, "http://10.0.0.1/cb")).toBe(false);
    expect(isRedirectUrlValid(s, "http://2130706433/cb")).toBe(false);
  });

  test("the allow list matches without the fragment; anything else is refused", () => {
    expect(isRedirectUrlValid(s, "https://app.example.org/cb#x=1")).toBe(true);
    expect(isRedirectUrlValid(s, "https://evil.example.net/cb")).toBe(false);
    expect(isRedirectUrlValid(s, "not a url")).toBe(false);
    expect(isRedirectUrlValid(s, "")).toBe(false);
  });
});

describe("URL helpers", () => {
  test("a redirect is escaped in a link only when it carries & = or #", () => {
    expect(encodeRedirectParam("http://localhost:3000/auth/confirm")).toBe("http://localhost:3000/auth/confirm");
    expect(encodeRedirectParam("http://localhost:3000/a?next=/b")).toBe("http%3A%2F%2Flocalhost%3A3000%2Fa%3Fnext%3D%2Fb");
  });

  test("rewriteUrl sets query and fragment without adding a trailing slash", () => {
    expect(rewriteUrl("http://localhost:3000", { query: { code: "abc" } })).toBe("http://localhost:3000?code=abc");
    expect(rewriteUrl("http://localhost:3000/cb?z=1#old", { query: { code: "a b" }, fragment: "f=1" })).toBe(
      "http://localhost:3000/cb?code=a+b&z=1#f=1",
    );
  });
});
