// A click that lands before React has hydrated an element is lost when the
// element only has an onClick (no form to fall back on), and a form without a
// server action submits natively instead. On a loaded machine hydration can
// finish after `goto` returns, so tests wait for it before such clicks.
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
