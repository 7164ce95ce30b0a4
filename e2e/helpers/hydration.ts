// Controls that work only with JavaScript are disabled until hydration
// (components/ui/use-hydrated.ts), and Playwright waits for them to be enabled.
// A server-action form works before hydration too, but natively, without the
// `next-action` header: a test that inspects that request waits for this first.
import { expect, type Locator } from "@playwright/test";

/** Resolves to the locator once React has attached its props to that element. */
export async function hydrated(locator: Locator): Promise<Locator> {
  await expect
    .poll(() => locator.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$")), undefined, { timeout: 2_000 }).catch(() => false), {
      message: "waiting for React to hydrate the element",
    })
    .toBe(true);
  return locator;
}
