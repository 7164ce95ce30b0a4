// Every auth page and the signed-in shell, at 1280 and 390 px, light and dark,
// in the states people meet (empty, with errors, sent), for human review.
import { expect, test } from "@playwright/test";
import { APP_URL } from "./helpers/env.ts";
import { captureVariants } from "./helpers/screenshots.ts";
import { createConfirmedUser, newUser, signInViaForm } from "./helpers/users.ts";

test.use({ baseURL: APP_URL });

test("auth pages", async ({ page }, testInfo) => {
  await page.goto("/signup");
  await captureVariants(page, testInfo, "signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await captureVariants(page, testInfo, "signup-errors");
  await page.getByLabel("Email").fill(newUser("shots").email);
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await captureVariants(page, testInfo, "signup-check-email");

  await page.goto("/login");
  await captureVariants(page, testInfo, "login");
  await signInViaForm(page, { email: "nobody@example.com", password: "wrong password" }, { navigate: false });
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  await captureVariants(page, testInfo, "login-wrong-password");
  await page.goto("/login?error=link_expired");
  await captureVariants(page, testInfo, "login-link-expired");

  await page.goto("/forgot-password");
  await captureVariants(page, testInfo, "forgot-password");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await captureVariants(page, testInfo, "forgot-password-sent");

  await page.goto("/reset-password");
  await captureVariants(page, testInfo, "reset-password-no-link");
  await page.goto("/no-such-page");
  await captureVariants(page, testInfo, "not-found");
});

test("signed-in shell", async ({ page }, testInfo) => {
  const user = newUser("shell", "Katherine Johnson");
  await createConfirmedUser(user);
  await signInViaForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await captureVariants(page, testInfo, "dashboard");

  await page.goto("/reset-password"); // with a session: the form
  await captureVariants(page, testInfo, "reset-password-form");

  await page.goto("/settings");
  await captureVariants(page, testInfo, "settings");

  await page.goto("/dashboard");
  for (const width of [390, 360]) {
    await page.setViewportSize({ width, height: 844 });
    const menu = page.getByRole("button", { name: "Menu" }); // enabled once hydrated
    await menu.click();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toBeVisible();
    await captureVariants(page, testInfo, `mobile-menu-open-${width}`, { widths: [width] });
    await page.keyboard.press("Escape");
    await expect(menu).toBeFocused();
    await expect(menu).toHaveAttribute("aria-expanded", "false");
  }
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
  await page.mouse.click(180, 780); // a tap below the open panel closes it
  await expect(page.getByRole("button", { name: "Menu" })).toHaveAttribute("aria-expanded", "false");
  // Nothing overflows sideways at the narrowest supported width.
  await page.setViewportSize({ width: 360, height: 800 });
  for (const path of ["/dashboard", "/settings"] as const) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
});
