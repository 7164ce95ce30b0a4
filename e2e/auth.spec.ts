// The auth flows in Chromium against a production build on the e2e stack:
// emails are read from the local mailbox and their links opened as a person
// would open them.
import { expect, test } from "@playwright/test";
import { APP_URL } from "./helpers/env.ts";
import { appConfirmLink, linkInEmail, listEmails, waitForEmail } from "./helpers/mailbox.ts";
import { createConfirmedUser, newUser, signInViaForm, signUpAndConfirm, signUpViaForm, TEST_PASSWORD } from "./helpers/users.ts";

test.use({ baseURL: APP_URL });

test("sign up → open the email → confirm → dashboard, with the name and plan in the header", async ({ page }) => {
  const user = newUser("signup", "Ada Lovelace");
  await signUpViaForm(page, user);
  await expect(page.getByText(user.email)).toBeVisible();
  await expect(page.getByRole("link", { name: "open the local mailbox" })).toHaveAttribute("href", /\?to=signup-/);

  const email = await waitForEmail(user.email, { type: "signup" });
  expect(email.subject).toBe("Confirm your email address");
  await page.goto(linkInEmail(email));

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  const header = page.getByRole("banner");
  await expect(header.getByTestId("account-name")).toHaveText("Ada Lovelace");
  await expect(header.getByText("Free")).toBeVisible();
  await expect(header.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
});

test("sign out → a protected page redirects to /login?next=… → signing in lands on that page", async ({ page }) => {
  const user = newUser("signout");
  await createConfirmedUser(user);
  await signInViaForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?notice=signed_out$/);
  await expect(page.getByText("You've signed out.")).toBeVisible();

  await page.goto("/settings?tab=profile");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%3Ftab%3Dprofile$/);
  await signInViaForm(page, user, { navigate: false });
  await expect(page).toHaveURL(/\/settings\?tab=profile$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
});

test("a signed-in visitor of /login goes to the dashboard; GET /auth/signout is refused", async ({ page, request }) => {
  const user = newUser("guard");
  await createConfirmedUser(user);
  await signInViaForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/dashboard$/);

  const response = await request.get("/auth/signout", { maxRedirects: 0 });
  expect(response.status()).toBe(405);
  expect(response.headers()["allow"]).toBe("POST");
  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/); // still signed in
});

test("a wrong password says so, keeps the email and moves focus to the message", async ({ page }) => {
  const user = newUser("wrongpw");
  await createConfirmedUser(user);
  await signInViaForm(page, { email: user.email, password: "not my password" });

  // (Next's route announcer is also role=alert, hence the filter.)
  const message = page.getByRole("alert").filter({ hasText: "don't match" });
  await expect(message).toHaveText("That email and password don't match. Check them and try again, or reset your password.");
  await expect(message).toBeFocused();
  await expect(page.getByLabel("Email")).toHaveValue(user.email);
  await expect(page).toHaveURL(/\/login$/);
});

test("the submit button shows the pending state and can't be pressed twice", async ({ page }) => {
  const user = newUser("pending");
  await createConfirmedUser(user);
  await page.goto("/login");
  // Hold the server action's POST until the pending state has been checked.
  let posts = 0;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/login", async (route) => {
    if (route.request().method() === "POST") {
      posts++;
      await released;
    }
    await route.continue();
  });
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill("not my password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  const pending = page.getByRole("button", { name: "Signing in…" });
  await expect(pending).toBeDisabled();
  await expect(pending).toHaveAttribute("aria-busy", "true");
  await pending.click({ force: true }); // a second press does nothing while pending
  release();
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  expect(posts).toBe(1);
});

test("invalid input is flagged on its field, with aria-invalid, a description and focus", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  const emailInput = page.getByLabel("Email");
  await expect(emailInput).toHaveAttribute("aria-invalid", "true");
  await expect(emailInput).toHaveAccessibleDescription("Enter a valid email address, like you@example.com.");
  await expect(emailInput).toBeFocused();
  await expect(emailInput).toHaveValue("not-an-email");
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/That password is too short\. Use at least 8 characters\./);
});

test("signing up with an address that already has an account shows the same screen and sends nothing", async ({ page }) => {
  const user = newUser("existing");
  await createConfirmedUser(user);
  await signUpViaForm(page, { ...user, password: "some other password" });
  await expect(page.getByText(user.email)).toBeVisible();
  expect(await listEmails(user.email)).toHaveLength(0);
});

test("an unconfirmed sign-in offers to resend the email, and the new link confirms", async ({ page }) => {
  const user = newUser("unconfirmed");
  await signUpViaForm(page, user);
  await waitForEmail(user.email, { type: "signup" });

  await signInViaForm(page, user);
  await expect(page.getByRole("alert").filter({ hasText: "Confirm your email" })).toHaveText("Confirm your email address first: open the link we emailed you.");
  await page.waitForTimeout(1100); // config.toml max_frequency: one email per address per second
  await page.getByRole("button", { name: "Resend confirmation email" }).click();
  await expect(page.getByRole("status").filter({ hasText: "a new link is on its way" })).toBeVisible();

  const resent = await waitForEmail(user.email, { type: "signup", since: 1 });
  await page.goto(linkInEmail(resent));
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a used confirmation link says so and offers a new one", async ({ page }) => {
  const user = newUser("usedlink");
  await signUpAndConfirm(page, user);
  const link = linkInEmail(await waitForEmail(user.email, { type: "signup" }));
  await page.context().clearCookies();

  await page.goto(link);
  await expect(page).toHaveURL(/\/login\?error=link_expired/);
  await expect(page.getByText("That link has expired or was already used.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Get a new confirmation link" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Resend confirmation email" })).toBeVisible();
});

test("the app's token_hash link confirms in any browser; the default link from another browser confirms and asks to sign in", async ({ page, browser }) => {
  const viaAppLink = newUser("tokenhash");
  await signUpViaForm(page, viaAppLink);
  const appLinkEmail = await waitForEmail(viaAppLink.email, { type: "signup" });
  const otherBrowser = await browser.newContext({ baseURL: APP_URL });
  const other = await otherBrowser.newPage();
  await other.goto(appConfirmLink(appLinkEmail, APP_URL, "/settings"));
  await expect(other).toHaveURL(/\/settings$/);

  const viaDefaultLink = newUser("elsewhere");
  await signUpViaForm(page, viaDefaultLink);
  await other.context().clearCookies();
  await other.goto(linkInEmail(await waitForEmail(viaDefaultLink.email, { type: "signup" })));
  await expect(other).toHaveURL(/\/login\?error=link_other_browser/);
  await expect(other.getByText("Your email address is confirmed.")).toBeVisible();
  await signInViaForm(other, viaDefaultLink, { navigate: false });
  await expect(other).toHaveURL(/\/dashboard$/);
  await otherBrowser.close();
});

test("forgot password → email → new password → sign in with it", async ({ page }) => {
  const user = newUser("reset");
  await createConfirmedUser(user);
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const email = await waitForEmail(user.email, { type: "recovery" });
  await page.goto(linkInEmail(email));
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.getByText(`For ${user.email}`)).toBeVisible();

  const newPassword = "a brand new passphrase";
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm password").fill("a different passphrase");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByLabel("Confirm password")).toHaveAccessibleDescription("The two passwords don't match.");

  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/login\?notice=password_updated$/);
  await expect(page.getByText("Password updated.")).toBeVisible();

  await signInViaForm(page, { email: user.email, password: TEST_PASSWORD }, { navigate: false });
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  await signInViaForm(page, { email: user.email, password: newPassword }, { navigate: false });
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("the reset page without a reset link explains and links to a new one", async ({ page }) => {
  await page.goto("/reset-password");
  await expect(page.getByText("This page needs a valid reset link.")).toBeVisible();
  await page.getByRole("link", { name: "Request a new link" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});
