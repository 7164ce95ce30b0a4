import { expect, test } from "@playwright/test";

test("the landing page says what the product is and links to sign-up", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("projects");
  await expect(page.getByRole("link", { name: "Create your account" })).toHaveAttribute("href", "/signup");
  await page.screenshot({ path: testInfo.outputPath("landing-desktop.png"), fullPage: true });
  await testInfo.attach("landing-desktop", { path: testInfo.outputPath("landing-desktop.png"), contentType: "image/png" });
});
