// Making users for browser tests: through the UI when the flow is what's under
// test, or directly with the Auth admin API when a test only needs someone
// signed in.
import { expect, type Page } from "@playwright/test";
import { createClient } from "@supabase/supabase-js";
import { SECRET_KEY, SUPABASE_URL } from "./env.ts";
import { linkInEmail, waitForEmail } from "./mailbox.ts";

export const TEST_PASSWORD = "correct horse battery staple";

export interface TestUser {
  email: string;
  password: string;
  name?: string;
}

/** A fresh address per test, so tests never share a mailbox or an account. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export function newUser(label = "user", name?: string): TestUser {
  return { email: uniqueEmail(label), password: TEST_PASSWORD, name };
}

function admin() {
  return createClient(SUPABASE_URL, SECRET_KEY, { auth: { persistSession: false, autoRefreshToken: false } });
}

/** Creates a confirmed account without any email, as if it signed up earlier. */
export async function createConfirmedUser(user: TestUser): Promise<string> {
  const { data, error } = await admin().auth.admin.createUser({
    email: user.email,
    password: user.password,
    email_confirm: true,
    user_metadata: user.name ? { name: user.name } : undefined,
  });
  if (error) throw new Error(`Could not create ${user.email}: ${error.message}`);
  return data.user.id;
}

/** Fills and sends the sign-up form; leaves the page on "Check your email". */
export async function signUpViaForm(page: Page, user: TestUser): Promise<void> {
  await page.goto("/signup");
  if (user.name) await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** Opens the link in the newest confirmation email, as the person would; lands wherever the app sends them. */
export async function confirmFromEmail(page: Page, email: string): Promise<void> {
  const message = await waitForEmail(email, { type: "signup" });
  await page.goto(linkInEmail(message));
}

/** Sign-up through the UI, confirmed from the mailbox: ends on the dashboard. */
export async function signUpAndConfirm(page: Page, user: TestUser): Promise<void> {
  await signUpViaForm(page, user);
  await confirmFromEmail(page, user.email);
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Fills and sends the sign-in form at /login (or at `path`, e.g. a /login?next=… URL already open). */
export async function signInViaForm(page: Page, user: Pick<TestUser, "email" | "password">, { navigate = true } = {}): Promise<void> {
  if (navigate) await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
