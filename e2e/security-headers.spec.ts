// The Content-Security-Policy in a real browser: pages carry it, nothing the
// app itself loads is blocked by it, and another site can't frame the app.
import { expect, test, type Page } from "@playwright/test";
import { APP_URL } from "./helpers/env.ts";
import { createConfirmedUser, newUser, signInViaForm } from "./helpers/users.ts";

test.use({ baseURL: APP_URL });

/** CSP violations the page reports, as Chromium logs them. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("pages carry the policy and load without a single violation", async ({ page }) => {
  const violations = collectViolations(page);
  for (const path of ["/", "/pricing", "/login", "/signup"]) {
    const response = await page.goto(path);
    const csp = response!.headers()["content-security-policy"];
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toContain("'unsafe-eval'"); // a production build
    await page.waitForLoadState("networkidle");
  }
  const user = newUser("csp");
  await createConfirmedUser(user);
  await signInViaForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  for (const path of ["/dashboard", "/settings", "/billing"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(violations).toEqual([]);
});

test("another site can't frame the app", async ({ page }) => {
  // The same page loads on its own; in a frame of another origin it stays empty.
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await page.goto("about:blank");
  await page.setContent(`<iframe src="${APP_URL}/login" width="600" height="400"></iframe>`, { waitUntil: "load" });
  await expect(page.frameLocator("iframe").getByRole("button", { name: "Sign in" })).toHaveCount(0);
  expect(page.frames().some((frame) => frame.url().startsWith(`${APP_URL}/login`) && frame !== page.mainFrame())).toBe(false);
});
