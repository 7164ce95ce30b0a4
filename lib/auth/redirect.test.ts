import { describe, expect, test } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "./redirect";

describe("safeNextPath", () => {
  test.each([
    ["/projects/42", "/projects/42"],
    ["/billing?tab=invoices#latest", "/billing?tab=invoices#latest"],
    ["/settings/../dashboard", "/dashboard"],
    // A scheme-looking first segment is only a path on this site.
    ["/javascript:alert(1)", "/javascript:alert(1)"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  test.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/dashboard"],
    ["backslash", "/\\evil.com"],
    ["double backslash", "\\\\evil.com"],
    ["absolute https", "https://evil.com"],
    ["absolute http to same-looking host", "http://localhost:3000/dashboard"],
    ["javascript scheme", "javascript:alert(1)"],
    ["data scheme", "data:text/html,<script>alert(1)</script>"],
    ["relative without slash", "evil.com"],
    ["tab smuggling", "/\t/evil.com"],
    ["newline smuggling", "/\n/evil.com"],
    ["encoded slashes", "/%2F%2Fevil.com"],
    ["encoded backslash", "/%5Cevil.com"],
    ["bad percent-encoding", "/%E0%A4%A"],
    ["empty", ""],
    ["whitespace prefix", " /dashboard"],
    ["triple slash", "///evil.com"],
    ["dot segment collapsing to //", "/.//evil.com"],
    ["dot-dot segment collapsing to //", "/a/..//evil.com"],
    ["encoded dot segment collapsing to //", "/%2e//evil.com"],
    ["encoded dot-dot segment collapsing to //", "/x/%2E%2E//evil.com/path?q=1"],
    ["dot segment before a backslash", "/./\\evil.com"],
    ["encoded tab", "/%09/evil.com"],
    ["encoded newline", "/%0a/evil.com"],
  ])("refuses %s", (_name, input) => {
    expect(safeNextPath(input)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  test("refuses non-strings and overlong values, and honours a custom fallback", () => {
    expect(safeNextPath(undefined)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(["/a"])).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath(`/${"a".repeat(3000)}`)).toBe(DEFAULT_AFTER_SIGN_IN);
    expect(safeNextPath("//evil.com", "/login")).toBe("/login");
  });
});
