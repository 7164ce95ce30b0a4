// Account settings in Chromium: profile name, avatar, password and deletion.
import { expect, test, type Page } from "@playwright/test";
import { APP_URL, SUPABASE_URL } from "./helpers/env.ts";
import { linkInEmail, waitForEmail } from "./helpers/mailbox.ts";
import { createConfirmedUser, newUser, signInViaForm, TEST_PASSWORD, uniqueEmail, type TestUser } from "./helpers/users.ts";

test.use({ baseURL: APP_URL });

// A 1×1 PNG, small enough to inline.
const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

async function signedIn(page: Page, label: string): Promise<TestUser & { id: string }> {
  const user = newUser(label);
  const id = await createConfirmedUser(user);
  await signInViaForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/settings");
  return { ...user, id };
}

test("a changed name persists across a reload and shows in the header", async ({ page }) => {
  await signedIn(page, "name");
  const name = page.getByLabel("Name", { exact: true });
  await name.fill("Grace Hopper");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Your name was saved.")).toBeVisible();
  await expect(page.getByRole("banner").getByTestId("account-name")).toHaveText("Grace Hopper");

  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Grace Hopper");

  await page.getByLabel("Name", { exact: true }).fill("   ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAccessibleDescription(/Enter your name\./);
  await page.reload();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Grace Hopper"); // nothing written
});

test("an uploaded avatar shows as the picture; a wrong file type is refused before upload", async ({ page }, testInfo) => {
  const user = await signedIn(page, "avatar");
  const picker = page.getByLabel("Profile picture");

  await picker.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await page.getByRole("button", { name: "Upload picture" }).click(); // enabled once hydrated
  await expect(picker).toHaveAccessibleDescription(/That file type isn't supported/);
  await expect(picker).toBeFocused();

  await picker.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG_1X1 });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.getByText("Your picture was updated.")).toBeVisible();
  const picture = page.getByRole("img", { name: "Your profile picture" });
  await expect(picture).toHaveAttribute("src", new RegExp(`^${SUPABASE_URL}/storage/v1/object/public/avatars/${user.id}/avatar\\.png\\?v=\\d+$`));
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth, undefined, { timeout: 1_000 }).catch(() => 0)).toBe(1);

  await page.reload();
  await expect(page.getByRole("img", { name: "Your profile picture" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Your account" }).locator("img")).toHaveAttribute("src", /avatars/);
  await page.screenshot({ path: testInfo.outputPath("settings-with-avatar.png"), fullPage: true });
});

test("changing the password needs the current one", async ({ page }) => {
  const user = await signedIn(page, "changepw");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password", { exact: true }).fill("my next passphrase");
  await page.getByLabel("Confirm password").fill("my next passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAccessibleDescription("Your current password isn't right.");
  await expect(page.getByLabel("Current password")).toBeFocused();

  await page.getByLabel("Current password").fill(TEST_PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("my next passphrase");
  await page.getByLabel("Confirm password").fill("my next passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await signInViaForm(page, { email: user.email, password: "my next passphrase" });
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("changing the email takes a link from each address, then the new one signs in", async ({ page }) => {
  const user = await signedIn(page, "oldaddress");
  const newEmail = uniqueEmail("newaddress");
  await page.getByLabel("New email address").fill(user.email);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByLabel("New email address")).toHaveAccessibleDescription("That's already your email address.");

  await page.getByLabel("New email address").fill(newEmail);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText(`We sent a confirmation link to ${newEmail} and one to ${user.email}.`, { exact: false })).toBeVisible();
  await page.reload();
  await expect(page.getByText("Change waiting for confirmation")).toBeVisible();

  await page.goto(linkInEmail(await waitForEmail(user.email, { type: "email_change" })));
  // (The Auth server's redirect also carries its message in the fragment, which browsers keep.)
  await expect(page).toHaveURL(/\/settings\?notice=confirm_other_email(#.*)?$/);
  await expect(page.getByText("One more step.")).toBeVisible();
  await page.goto(linkInEmail(await waitForEmail(newEmail, { type: "email_change" })));
  await expect(page).toHaveURL(/\/settings\?notice=email_changed$/);
  await expect(page.getByText("Your email address was changed.")).toBeVisible();
  await expect(page.locator("strong", { hasText: newEmail }).first()).toBeVisible();

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await signInViaForm(page, { email: newEmail, password: user.password });
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("deleting the account needs the typed confirmation, then removes it and its files", async ({ page }) => {
  const user = await signedIn(page, "delete");
  await page.getByLabel("Profile picture").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG_1X1 });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.getByText("Your picture was updated.")).toBeVisible();
  const avatarUrl = `${SUPABASE_URL}/storage/v1/object/public/avatars/${user.id}/avatar.png`;
  expect((await fetch(avatarUrl)).status).toBe(200);

  const confirmation = page.getByLabel(/to confirm/);
  await confirmation.fill("delete");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(confirmation).toHaveAccessibleDescription("Type your email address or DELETE exactly to confirm.");

  await confirmation.fill(user.email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login\?notice=account_deleted$/);
  await expect(page.getByText("Your account was deleted.")).toBeVisible();

  await signInViaForm(page, user);
  await expect(page.getByRole("alert").filter({ hasText: "don't match" })).toBeVisible();
  expect((await fetch(avatarUrl)).ok).toBe(false);
});
