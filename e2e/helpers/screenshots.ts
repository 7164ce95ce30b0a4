// Screenshots of a page in every variant people see: desktop (1280 px) and
// phone (390 px) widths, light and dark. Saved as test artifacts under
// test-results/ and attached to the report.
import type { Page, TestInfo } from "@playwright/test";

export const SCREENSHOT_WIDTHS = [1280, 390] as const;
export const COLOR_SCHEMES = ["light", "dark"] as const;

/** Captures `name` in each width × scheme without reloading, so form state (errors, sent screens) stays. */
export async function captureVariants(page: Page, testInfo: TestInfo, name: string, { widths = SCREENSHOT_WIDTHS }: { widths?: readonly number[] } = {}): Promise<string[]> {
  const saved: string[] = [];
  const original = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: width >= 1024 ? 800 : 844 });
    for (const colorScheme of COLOR_SCHEMES) {
      await page.emulateMedia({ colorScheme });
      const file = testInfo.outputPath(`${name}-${width}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      await testInfo.attach(`${name}-${width}-${colorScheme}`, { path: file, contentType: "image/png" });
      saved.push(file);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  if (original) await page.setViewportSize(original);
  return saved;
}
