// Billing in a real browser against the e2e stack: the app (next start), the
// Supabase emulator and the local Stripe emulator, whose hosted checkout and
// portal pages post signed webhooks to the app. Pages are opened on the site
// URL Stripe redirects back to, so the session cookie is on the same host.
import { createClient } from "@supabase/supabase-js";
import { expect, test, type Page } from "@playwright/test";
import { e2eEnv } from "../scripts/lib/e2e-env.ts";

const env = e2eEnv();
const site = env.NEXT_PUBLIC_SITE_URL;
const SHOTS = "test-results/screenshots/billing";

async function newUser(label: string): Promise<{ email: string; password: string }> {
  const admin = createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.SUPABASE_SECRET_KEY, { auth: { persistSession: false } });
  const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const password = `Pw1!${crypto.randomUUID()}`;
  const { error } = await admin.auth.admin.createUser({ email, password, email_confirm: true, user_metadata: { name: "Billing Tester" } });
  if (error) throw error;
  return { email, password };
}

async function signIn(page: Page, user: { email: string; password: string }, next: string) {
  await page.goto(`${site}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${site}${next}`);
}

/** /pricing → Upgrade to Pro → the emulator's hosted checkout page. */
async function startCheckout(page: Page) {
  await page.goto(`${site}/pricing`);
  await expect(page.getByTestId("plan-free")).toHaveAttribute("aria-current", "true");
  await page.getByTestId("plan-pro").getByRole("button", { name: "Upgrade to Pro" }).click();
  await page.waitForURL(new RegExp(`^${env.STRIPE_API_URL}/checkout/cs_`));
}

test("free user upgrades to Pro through Checkout, sees it once the webhook lands, then cancels at period end in the portal", async ({ page }) => {
  await signIn(page, await newUser("upgrade"), "/pricing");
  await expect(page.getByTestId("price-pro")).toHaveText("$19");

  await startCheckout(page);
  await expect(page.getByText("$19.00").first()).toBeVisible();
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();

  // Back on /billing: Stripe's redirect changes nothing by itself; the page shows Pro when the webhook has been applied.
  await page.waitForURL(new RegExp(`^${site}/billing\\?checkout=success&session_id=cs_`));
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");
  await expect(page.getByTestId("subscription-status")).toHaveText("Active");
  await expect(page.getByTestId("checkout-notice")).toContainText("You're on the Pro plan");
  await expect(page.getByTestId("renews-on")).toBeVisible();
  await expect(page.getByTestId("billing-history")).toContainText("Pro plan activated");
  await expect(page.getByTestId("billing-history")).toContainText("Payment received");

  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.waitForURL(new RegExp(`^${env.STRIPE_API_URL}/portal/bps_`));
  await page.getByRole("button", { name: "Cancel plan" }).click();
  const portalDate = await page.getByTestId("cancels-on").textContent();
  await page.getByRole("link", { name: "Return to app" }).click();
  await page.waitForURL(`${site}/billing`);

  // The cancellation arrives as customer.subscription.updated; reload until it is applied.
  const expected = new Date(`${portalDate} UTC`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("cancels-on")).toHaveText(expected, { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");
  await expect(page.getByTestId("billing-history")).toContainText(`Set to cancel on ${expected}`);
});

test("a declined card leaves the user on Free with a clear message", async ({ page }) => {
  await signIn(page, await newUser("declined"), "/pricing");
  await startCheckout(page);
  await page.getByRole("button", { name: /4000 0000 0000 0002/ }).click();
  await expect(page.getByRole("alert")).toHaveText("Your card was declined.");
  await page.getByRole("link", { name: /Cancel and return/ }).click();

  await page.waitForURL(`${site}/billing?checkout=cancelled`);
  await expect(page.getByTestId("checkout-notice")).toContainText("Checkout didn't complete");
  await expect(page.getByTestId("checkout-notice")).toContainText("No payment was taken and you're still on the Free plan");
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByRole("button", { name: "Upgrade to Pro" })).toBeVisible();
  await expect(page.getByTestId("billing-history")).toHaveCount(0);
});

test("screenshots of /pricing and /billing at 1280 and 390 px, light and dark", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${site}/pricing?interval=year`);
  await page.screenshot({ path: `${SHOTS}/pricing-signed-out-1280-light.png`, fullPage: true });

  await signIn(page, await newUser("shots"), "/billing");
  await page.screenshot({ path: `${SHOTS}/billing-free-1280-light.png`, fullPage: true });
  await startCheckout(page);
  await page.goBack();
  await expect(page.getByTestId("plan-free")).toHaveAttribute("aria-current", "true");
  await page.screenshot({ path: `${SHOTS}/pricing-free-1280-light.png`, fullPage: true });
  await page.goForward();
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${site}/pricing`);
      await expect(page.getByTestId("plan-pro")).toHaveAttribute("aria-current", "true");
      await page.screenshot({ path: `${SHOTS}/pricing-${width}-${scheme}.png`, fullPage: true });
      await page.goto(`${site}/billing`);
      await expect(page.getByTestId("current-plan")).toHaveText("Pro");
      await page.screenshot({ path: `${SHOTS}/billing-${width}-${scheme}.png`, fullPage: true });
    }
  }
});
