// Arranging project data for the browser tests directly with the service
// role (the UI flows under test are driven through the browser), and
// signing someone in within a browser context of their own.
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createClient } from "@supabase/supabase-js";
import type { Database } from "../lib/supabase/database.types.ts";
import { APP_URL, SECRET_KEY, SUPABASE_URL } from "./helpers/env.ts";
import { createConfirmedUser, newUser, signInViaForm, type TestUser } from "./helpers/users.ts";

export function admin() {
  return createClient<Database>(SUPABASE_URL, SECRET_KEY, { auth: { persistSession: false, autoRefreshToken: false } });
}

export interface Person extends TestUser {
  id: string;
  name: string;
  context: BrowserContext;
  page: Page;
}

/** A confirmed account, signed in through the login form in its own browser context (its own cookies). */
export async function signedInPerson(browser: Browser, label: string, name: string): Promise<Person> {
  const user = newUser(label, name);
  const id = await createConfirmedUser(user);
  const context = await browser.newContext({ baseURL: APP_URL });
  const page = await context.newPage();
  await signInViaForm(page, user);
  await expect(page).toHaveURL(/\/dashboard$/);
  return { ...user, id, name, context, page };
}

export async function setPlan(userId: string, tier: Database["public"]["Enums"]["subscription_tier"]): Promise<void> {
  const { error } = await admin().from("users").update({ subscription_tier: tier }).eq("id", userId);
  if (error) throw new Error(`Could not set the plan: ${error.message}`);
}

/** Projects owned by `ownerId`, oldest first (created a minute apart), returning their ids in the same order. */
export async function seedProjects(ownerId: string, projects: Array<{ name: string; description?: string }>): Promise<string[]> {
  const start = Date.now() - projects.length * 60_000;
  const rows = projects.map((project, i) => ({
    name: project.name,
    description: project.description ?? "",
    owner_id: ownerId,
    created_at: new Date(start + i * 60_000).toISOString(),
  }));
  const { data, error } = await admin().from("projects").insert(rows).select("id, created_at").order("created_at");
  if (error) throw new Error(`Could not seed projects: ${error.message}`);
  return data.map((row) => row.id);
}

export async function addMember(projectId: string, userId: string, role: "admin" | "member" | "viewer"): Promise<void> {
  const { error } = await admin().from("project_members").insert({ project_id: projectId, user_id: userId, role });
  if (error) throw new Error(`Could not add the member: ${error.message}`);
}

export async function addJob(projectId: string, status: Database["public"]["Enums"]["job_status"]): Promise<void> {
  const { error } = await admin().from("jobs").insert({ project_id: projectId, job_type: "report.generate", status });
  if (error) throw new Error(`Could not add the job: ${error.message}`);
}

export async function storedDescription(projectId: string): Promise<string | null> {
  const { data, error } = await admin().from("projects").select("description").eq("id", projectId).maybeSingle();
  if (error) throw new Error(error.message);
  return data?.description ?? null;
}

/** The project id in a /projects/<id> URL. */
export function projectIdFrom(page: Page): string {
  const match = /\/projects\/([0-9a-f-]{36})/.exec(page.url());
  if (!match) throw new Error(`Not on a project page: ${page.url()}`);
  return match[1]!;
}
