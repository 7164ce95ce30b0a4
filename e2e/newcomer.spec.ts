// A newcomer's walk through the app: every control is found the way a person
// who has never read the code would name it, by its visible text, its label or
// its ARIA role (no CSS selectors, no test ids). When one of these guesses
// fails, the page is what needs fixing, not this file.
import { expect, test, type Page } from "@playwright/test";
import { e2eEnv } from "../scripts/lib/e2e-env.ts";
import { APP_URL } from "./helpers/env.ts";
import { linkInEmail, waitForEmail } from "./helpers/mailbox.ts";
import { addMember, seedProjects, setPlan, signedInPerson } from "./projects-helpers.ts";
import { createConfirmedUser, newUser, signInViaForm, signUpViaForm, uniqueEmail } from "./helpers/users.ts";

test.use({ baseURL: APP_URL });

const PNG_1X1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** A message announced to assistive technology (Next's route announcer is also role=alert, hence the text). */
const alert = (page: Page, text: string | RegExp) => page.getByRole("alert").filter({ hasText: text });
const status = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

test("sign up, confirm from the mailbox, sign out, a wrong password, then a forgotten one", async ({ page, context }) => {
  const email = uniqueEmail("newcomer");
  const password = "a long enough passphrase";

  await page.goto("/");
  await page.getByRole("link", { name: "Get started" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
  await page.getByLabel("Name").fill("Nia Newcomer");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  const checkEmail = page.getByRole("heading", { name: "Check your email" });
  await expect(checkEmail).toBeVisible();
  await expect(checkEmail).toBeFocused();
  await expect(page.getByText(email)).toBeVisible();

  // The local mailbox opens in a new tab; the email's button confirms and signs in.
  await waitForEmail(email, { type: "signup" });
  const [mailbox] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "open the local mailbox" }).click()]);
  await expect(mailbox.getByRole("heading", { name: "Confirm your email address" })).toBeVisible();
  await mailbox.getByTitle("Confirm your email address").contentFrame().getByRole("link", { name: "Confirm email address" }).click();
  await expect(mailbox).toHaveURL(/\/dashboard$/);
  await mailbox.close();

  await page.goto("/dashboard");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(status(page, "You've signed out.")).toBeVisible();

  // A wrong password: said out loud, focused, and the email kept.
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert(page, "don't match")).toBeFocused();
  await expect(page.getByLabel("Email")).toHaveValue(email);

  // Forgot password → email → new password → sign in with it.
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeFocused();
  await page.goto(linkInEmail(await waitForEmail(email, { type: "recovery" })));
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("another long passphrase");
  await page.getByLabel("Confirm password").fill("another long passphrase");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(status(page, "Password updated.")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("another long passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
});

test("an unconfirmed sign-in offers to resend the confirmation email", async ({ page }) => {
  const user = newUser("unconfirmed-newcomer");
  await signUpViaForm(page, user);
  await waitForEmail(user.email, { type: "signup" });
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert(page, "Confirm your email address first")).toBeVisible();
  await page.waitForTimeout(1100); // one email per address per second (config.toml)
  await page.getByRole("button", { name: "Resend confirmation email" }).click();
  await expect(status(page, "a new link is on its way")).toBeVisible();
});

test("settings: name, picture, email, password, and deleting the account", async ({ page }) => {
  const user = newUser("settings-newcomer");
  await createConfirmedUser(user);
  await signInViaForm(page, user);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  await page.getByLabel("Name").fill("Sam Settings");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(status(page, "Your name was saved.")).toBeVisible();
  await expect(page.getByRole("banner").getByText("Sam Settings")).toBeVisible();

  await page.getByLabel("Profile picture").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG_1X1 });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(status(page, "Your picture was updated.")).toBeVisible();
  await expect(page.getByRole("img", { name: "Your profile picture" })).toBeVisible();

  const newEmail = uniqueEmail("settings-moved");
  await page.getByLabel("New email address").fill(newEmail);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(status(page, `We sent a confirmation link to ${newEmail}`)).toBeVisible();

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill("my next passphrase");
  await page.getByLabel("Confirm password").fill("my next passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(status(page, "Your password was changed.")).toBeVisible();

  await page.getByLabel(/to confirm/).fill("delete it");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByLabel(/to confirm/)).toBeFocused();
  await page.getByLabel(/to confirm/).fill("DELETE");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(status(page, "Your account was deleted.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

test("dashboard: empty state, create, plan usage, search and pages", async ({ browser }) => {
  const me = await signedInPerson(browser, "dash-newcomer", "Dana Dash");
  const { page } = me;
  await expect(page.getByRole("heading", { name: "Create your first project" })).toBeVisible();
  await expect(page.getByText("0 of 3 projects")).toBeVisible();
  await page.getByLabel("Project name").fill("First light");
  await page.getByLabel("Description").fill("Our first project");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "First light" })).toBeVisible();

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByText("1 of 3 projects")).toBeVisible();
  await expect(page.getByRole("link", { name: "First light" })).toBeVisible();
  await page.getByRole("link", { name: "New project" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New project" })).toBeVisible();
  await expect(page.getByLabel("Project name")).toBeFocused();

  await setPlan(me.id, "pro");
  await seedProjects(me.id, Array.from({ length: 24 }, (_, i) => ({ name: `Batch ${String(i + 1).padStart(2, "0")}` })));
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByText("25 of 50 projects")).toBeVisible();
  await expect(page.getByText("Page 1 of 2")).toBeVisible();
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page.getByText("Page 2 of 2")).toBeVisible();
  await page.getByRole("link", { name: "Previous" }).click();
  await expect(page.getByText("Page 1 of 2")).toBeVisible();

  await page.getByRole("searchbox", { name: "Search projects" }).fill("batch 1");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("Showing 1–10 of 10")).toBeVisible();
  await expect(page.getByRole("list", { name: "Projects" }).getByRole("link")).toHaveCount(10);
  await page.getByRole("searchbox", { name: "Search projects" }).fill("nothing like this");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { name: /No projects match/ })).toBeVisible();
  await page.getByRole("link", { name: "Clear" }).click();
  await expect(page.getByText("Page 1 of 2")).toBeVisible();
  await me.context.close();
});

test("a project: edit it, share it, change roles, hand it over, run a job, leave", async ({ browser }) => {
  test.slow(); // several people, files and screenshots: give a loaded CI machine room
  const owner = await signedInPerson(browser, "owner-newcomer", "Olga Owner");
  const mate = await signedInPerson(browser, "mate-newcomer", "Mo Mate");
  const other = await signedInPerson(browser, "other-newcomer", "Ole Other");
  const [projectId] = await seedProjects(owner.id, [{ name: "Harbor", description: "" }]);
  await addMember(projectId!, other.id, "member");
  const { page } = owner;

  await page.reload();
  await page.getByRole("link", { name: "Harbor" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Harbor" })).toBeVisible();
  await page.getByLabel("Name").fill("Harbor lights");
  await page.getByLabel("Description").fill("Night shift planning");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(status(page, "Changes saved.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Harbor lights" })).toBeVisible();

  // Members: invite with a role, change it, remove someone.
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Invite a member" })).toBeVisible();
  await page.getByLabel("Email").fill(mate.email);
  await page.getByLabel("Role").selectOption("Viewer");
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(status(page, `Added ${mate.email} as viewer.`)).toBeVisible();
  const mateRow = page.getByRole("listitem").filter({ hasText: "Mo Mate" });
  await mateRow.getByRole("combobox").selectOption("Member");
  await expect(status(page, "Role changed to member.")).toBeVisible();
  const otherRow = page.getByRole("listitem").filter({ hasText: "Ole Other" });
  await otherRow.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByRole("button", { name: "Cancel" })).toBeFocused();
  // Changing one's mind puts focus back where it was.
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(otherRow.getByRole("button", { name: "Remove" })).toBeFocused();
  await otherRow.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("button", { name: "Yes, remove" }).click();
  await expect(status(page, "Member removed.")).toBeFocused();
  await expect(page.getByRole("listitem").filter({ hasText: "Ole Other" })).toHaveCount(0);

  // Jobs: start one, watch it, download what it made.
  await page.getByRole("link", { name: "Overview" }).click();
  const jobs = page.getByRole("region", { name: "Jobs" });
  await jobs.getByLabel("What to run").selectOption("Project report");
  await jobs.getByLabel("Report title").fill("Tide tables");
  await jobs.getByRole("button", { name: "Run job" }).click();
  await expect(jobs.getByRole("progressbar")).toBeVisible();
  const downloadLink = jobs.getByRole("link", { name: /Download report\.md/ });
  await expect(downloadLink).toBeVisible({ timeout: 20_000 });
  const [file] = await Promise.all([page.waitForEvent("download"), downloadLink.click()]);
  expect(file.suggestedFilename()).toBe("report.md");

  // Hand it over: the owner becomes an admin.
  await page.getByLabel("New owner").selectOption({ label: `Mo Mate (${mate.email})` });
  await page.getByRole("button", { name: "Transfer ownership" }).click();
  await expect(status(page, "Ownership transferred")).toBeVisible();
  await expect(page.getByText("Your role Admin")).toBeVisible();

  // And leave it.
  await page.getByRole("button", { name: "Leave project" }).click();
  await page.getByRole("button", { name: "Leave project" }).click();
  await expect(status(page, "You left the project.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Harbor lights" })).toHaveCount(0);

  await mate.page.reload();
  await mate.page.getByRole("link", { name: "Harbor lights" }).click();
  await expect(mate.page.getByText("Your role Owner")).toBeVisible();
  await Promise.all([owner.context.close(), mate.context.close(), other.context.close()]);
});

test("delete → undo; trash → restore and delete forever", async ({ browser }) => {
  const me = await signedInPerson(browser, "trash-newcomer", "Tia Trash");
  const { page } = me;
  await seedProjects(me.id, [{ name: "Keep me" }, { name: "Drop me" }]);
  await page.reload();

  await page.getByRole("link", { name: "Keep me" }).click();
  await page.getByRole("button", { name: "Delete project" }).click();
  const toast = status(page, "moved to the trash");
  await expect(toast).toBeVisible();
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(toast).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Keep me" })).toBeVisible();

  for (const name of ["Keep me", "Drop me"]) {
    await page.getByRole("link", { name }).click();
    await page.getByRole("button", { name: "Delete project" }).click();
    await expect(status(page, "moved to the trash")).toBeVisible();
  }
  await page.getByRole("link", { name: "Trash" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Trash" })).toBeVisible();
  await page.getByRole("listitem").filter({ hasText: "Keep me" }).getByRole("button", { name: "Restore" }).click();
  await expect(status(page, "“Keep me” is back on your dashboard.")).toBeVisible();
  const dropped = page.getByRole("listitem").filter({ hasText: "Drop me" });
  await dropped.getByRole("button", { name: "Delete forever" }).click();
  await expect(page.getByText("This can't be undone.")).toBeVisible();
  await dropped.getByRole("button", { name: "Delete forever" }).click();
  await expect(status(page, "“Drop me” was deleted for good.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "The trash is empty" })).toBeVisible();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("link", { name: "Keep me" })).toBeVisible();
  await me.context.close();
});

test("pricing and billing: upgrade through checkout, then manage billing", async ({ browser }) => {
  const me = await signedInPerson(browser, "billing-newcomer", "Bea Billing");
  const { page } = me;
  const stripe = e2eEnv().STRIPE_API_URL;

  await page.getByRole("link", { name: "Billing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Free plan" })).toBeVisible();
  await page.getByRole("link", { name: "Compare plans" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(page).toHaveURL(new RegExp(`^${stripe}/checkout/`));
  await page.getByRole("button", { name: /4242 4242 4242 4242/ }).click();

  await expect(page).toHaveURL(/\/billing\?checkout=success/);
  await expect(status(page, "You're on the Pro plan")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pro plan" })).toBeVisible();
  await expect(page.getByRole("banner").getByText("Pro")).toBeVisible();

  // Subscribed, the pricing page offers each other plan by name, through the portal.
  await page.goto("/pricing");
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Pro", exact: true }) })).toContainText("Current plan");
  await expect(page.getByRole("button", { name: "Switch to Studio" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Switch to Enterprise" })).toBeVisible();
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("link", { name: "Billing" }).click();
  await page.getByRole("button", { name: "Manage billing" }).click();
  await expect(page).toHaveURL(new RegExp(`^${stripe}/portal/`));
  await page.getByRole("link", { name: "Return to app" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await me.context.close();
});
