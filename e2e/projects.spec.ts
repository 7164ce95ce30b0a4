// Projects in the browser, with two people in two browser contexts: creating,
// sharing with roles (a viewer reads, a member edits the description), the
// server refusing forged edits, removal → 404, and
// delete → undo / trash → restore. Then screenshots of every project page at
// 1280 and 390 px, light and dark, for review.
import { expect, test, type Page } from "@playwright/test";
import { APP_URL } from "./helpers/env.ts";
import { captureVariants } from "./helpers/screenshots.ts";
import { addJob, addMember, admin, projectIdFrom, seedProjects, setPlan, signedInPerson, storedDescription } from "./projects-helpers.ts";
import { hydrated } from "./helpers/hydration.ts";

test.use({ baseURL: APP_URL });

const NOT_FOUND = "We couldn't find that page";

async function createProject(page: Page, name: string, description = "") {
  await page.goto("/projects/new");
  await page.getByLabel("Project name").fill(name);
  await page.getByLabel("Description").fill(description);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name.trim());
}

test("Alice shares a project with Bob as a viewer, promotes him to member (he edits the description), then removes him", async ({ browser }, testInfo) => {
  const alice = await signedInPerson(browser, "alice", "Alice Example");
  const bob = await signedInPerson(browser, "bob", "Bob Example");

  // Bad names are refused next to the field, and nothing is created.
  await alice.page.goto("/dashboard");
  await expect(alice.page.getByRole("heading", { name: "Create your first project" })).toBeVisible();
  await alice.page.getByLabel("Project name").fill("   ");
  await alice.page.getByRole("button", { name: "Create project" }).click();
  await expect(alice.page.getByLabel("Project name")).toHaveAttribute("aria-invalid", "true");
  await expect(alice.page.getByText("Enter a project name.")).toBeVisible();
  await alice.page.getByLabel("Project name").fill("x".repeat(81));
  await alice.page.getByRole("button", { name: "Create project" }).click();
  await expect(alice.page.getByText("Keep the name to 80 characters or fewer.")).toBeVisible();
  await expect(alice.page).toHaveURL(/\/dashboard$/);

  await createProject(alice.page, "  Moon base  ", "First draft");
  const projectId = projectIdFrom(alice.page);
  const projectPath = `/projects/${projectId}`;

  // Alice saves an edit; her request is kept to replay as Bob below.
  await alice.page.getByLabel("Description").fill("Plan v2");
  await hydrated(alice.page.getByRole("button", { name: "Save changes" }));
  const [aliceSave] = await Promise.all([
    alice.page.waitForRequest((request) => request.method() === "POST" && "next-action" in request.headers()),
    alice.page.getByRole("button", { name: "Save changes" }).click(),
  ]);
  await expect(alice.page.getByText("Changes saved.")).toBeVisible();

  await alice.page.getByRole("link", { name: /^Members/ }).click();
  await alice.page.getByLabel("Email", { exact: true }).fill(bob.email.toUpperCase());
  await alice.page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await alice.page.getByRole("button", { name: "Invite" }).click();
  await expect(alice.page.getByText(`Added ${bob.email} as viewer.`)).toBeVisible();
  // Inviting him again, or someone without an account, is refused on the email field.
  await alice.page.getByLabel("Email", { exact: true }).fill(bob.email);
  await alice.page.getByRole("button", { name: "Invite" }).click();
  await expect(alice.page.getByText("That person is already a member of this project.")).toBeVisible();
  await alice.page.getByLabel("Email", { exact: true }).fill("nobody-at-all@example.com");
  await alice.page.getByRole("button", { name: "Invite" }).click();
  await expect(alice.page.getByText(/Nobody has signed up with that email yet/)).toBeVisible();

  // Bob, as a viewer, finds it on his dashboard and sees it read-only.
  await bob.page.goto("/dashboard");
  const row = bob.page.getByRole("list", { name: "Projects" }).getByRole("listitem").filter({ hasText: "Moon base" });
  await expect(row).toContainText("Viewer");
  await expect(row).toContainText("2 members");
  await row.getByRole("link", { name: "Moon base" }).click();
  await expect(bob.page).toHaveURL(new RegExp(`${projectPath}$`));
  await expect(bob.page.getByTestId("project-description")).toHaveText("Plan v2");
  await expect(bob.page.getByRole("button", { name: "Save changes" })).toHaveCount(0);
  await expect(bob.page.getByLabel("Name", { exact: true })).toHaveCount(0);
  await expect(bob.page.getByRole("button", { name: "Delete project" })).toHaveCount(0);
  await expect(bob.page.getByText("You can view this project.")).toBeVisible();

  // A forged call of the edit action with Bob's cookies: the server refuses it and nothing changes.
  const headers = Object.fromEntries(
    Object.entries(await aliceSave.allHeaders()).filter(([name]) => !["cookie", "content-length", "host"].includes(name)),
  );
  const aliceBody = aliceSave.postDataBuffer()!.toString("utf8");
  const forgedBody = aliceBody.replace("Plan v2", "Hacked by Bob");
  expect(forgedBody).toContain("Hacked by Bob");
  const forged = await bob.context.request.post(aliceSave.url(), { headers, data: forgedBody });
  expect(await forged.text()).toContain("Viewers can't edit this project. Ask the owner or an admin to make you a member.");
  expect(await storedDescription(projectId)).toBe("Plan v2");

  // Promoted to member, he edits the description; the name stays read-only ...
  await alice.page.getByLabel("Access level of Bob Example").selectOption("member");
  await expect(alice.page.getByText("Role changed to member.")).toBeVisible();
  await bob.page.reload();
  await expect(bob.page.getByText("Your role Member")).toBeVisible();
  const bobName = bob.page.getByLabel("Name", { exact: true });
  await expect(bobName).toHaveValue("Moon base");
  await expect(bobName).not.toBeEditable();
  await expect(bob.page.getByText("Only owners and admins can rename the project")).toBeVisible();
  await expect(bob.page.getByRole("button", { name: "Delete project" })).toHaveCount(0);
  await bob.page.getByLabel("Description").fill("Bob's landing checklist");
  await bob.page.getByRole("button", { name: "Save changes" }).click();
  await expect(bob.page.getByText("Changes saved.")).toBeVisible();
  await captureVariants(bob.page, testInfo, "project-overview-member");
  await bob.page.reload();
  await expect(bob.page.getByLabel("Description")).toHaveValue("Bob's landing checklist");
  await expect(bobName).toHaveValue("Moon base");
  await alice.page.goto(projectPath);
  await expect(alice.page.getByLabel("Description")).toHaveValue("Bob's landing checklist");

  // ... and a forged rename, replaying Alice's request with his cookies, is refused: the database allows members the description only.
  const renameBody = aliceBody.replace("Moon base", "Bob's base");
  expect(renameBody).toContain("Bob's base");
  const rename = await bob.context.request.post(aliceSave.url(), { headers, data: renameBody });
  expect(await rename.text()).toContain("As a member you can edit the description only. Only owners and admins can rename the project.");
  const { data: stored } = await admin().from("projects").select("name, description").eq("id", projectId).single();
  expect(stored).toEqual({ name: "Moon base", description: "Bob's landing checklist" });

  // Alice removes Bob: his page is now the 404, like any unknown or malformed id.
  await alice.page.getByRole("link", { name: /^Members/ }).click();
  await alice.page.getByRole("button", { name: "Remove Bob Example" }).click();
  await alice.page.getByRole("button", { name: "Yes, remove" }).click();
  await expect(alice.page.getByText("Member removed.")).toBeVisible();
  await expect(alice.page.getByRole("list", { name: "Members" }).getByRole("listitem")).toHaveCount(1);

  for (const path of [projectPath, "/projects/not-a-uuid", "/projects/00000000-0000-4000-8000-000000000000"]) {
    const response = await bob.page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(bob.page.getByRole("heading", { name: NOT_FOUND })).toBeVisible();
  }
  await bob.page.goto("/dashboard");
  await expect(bob.page.getByRole("heading", { name: "Create your first project" })).toBeVisible();

  await alice.context.close();
  await bob.context.close();
});

test("delete → undo keeps the project; delete → trash → restore brings it back", async ({ browser }) => {
  const alice = await signedInPerson(browser, "trash", "Tess Trash");
  const { page } = alice;
  const name = "<script>alert('x')</script> مشروع 🚀";
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await createProject(page, name);

  await page.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(/\/dashboard\?deleted=/);
  const toast = page.getByRole("status").filter({ hasText: "moved to the trash" });
  await expect(toast).toContainText(name);
  await toast.getByRole("button", { name: "Undo" }).click();
  await expect(toast).toHaveCount(0);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("link", { name })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name })).toBeVisible();

  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Delete project" }).click();
  await expect(page.getByRole("status").filter({ hasText: "moved to the trash" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Create your first project" })).toBeVisible();
  await page.getByRole("link", { name: "Trash, 1 deleted project" }).click();
  const trashed = page.getByRole("list", { name: "Deleted projects" }).getByRole("listitem").filter({ hasText: name });
  await expect(trashed).toContainText("gone for good on");
  await trashed.getByRole("button", { name: "Restore" }).click();
  await expect(page.getByRole("heading", { name: "The trash is empty" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page.getByRole("link", { name })).toBeVisible();

  // Delete forever asks first, then the project is gone from the trash too.
  await page.getByRole("link", { name }).click();
  await page.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(/\/dashboard\?deleted=/);
  await page.goto("/projects/trash");
  await page.getByRole("button", { name: "Delete forever" }).click();
  await expect(page.getByText("This can't be undone.")).toBeVisible();
  await page.getByRole("button", { name: "Delete forever" }).click();
  await expect(page.getByRole("heading", { name: "The trash is empty" })).toBeVisible();

  expect(dialogs, "a project name ran as script").toEqual([]);
  await alice.context.close();
});

test("the dashboard keeps search and page in the URL, and shows the plan limit", async ({ browser }, testInfo) => {
  const owner = await signedInPerson(browser, "pages", "Paige Pager");
  const { page } = owner;
  await setPlan(owner.id, "pro");
  await seedProjects(owner.id, Array.from({ length: 25 }, (_, i) => ({ name: `Project ${String(i + 1).padStart(2, "0")}` })));

  await page.goto("/dashboard");
  const rows = page.getByRole("list", { name: "Projects" }).getByRole("listitem");
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText("Project 25");
  await expect(page.getByText("Showing 1–20 of 25")).toBeVisible();
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/\/dashboard\?page=2$/);
  await expect(rows).toHaveCount(5);
  await expect(rows.last()).toContainText("Project 01");
  await page.reload();
  await expect(rows).toHaveCount(5);
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(rows).toHaveCount(20);
  await page.goForward();
  await expect(rows).toHaveCount(5);

  const search = page.getByLabel("Search projects by name");
  await search.fill("project 1");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/dashboard\?q=project\+1$/);
  await expect(rows).toHaveCount(10);
  await page.goBack();
  await expect(rows).toHaveCount(5);
  await expect(search).toHaveValue("");
  await page.goForward();
  await expect(search).toHaveValue("project 1");
  // Typing a new search is never overwritten by the results of the last one.
  await search.fill("project 2");
  await search.press("Enter");
  await search.pressSequentially("5");
  await expect(page).toHaveURL(/\/dashboard\?q=project\+2$/);
  await expect(rows).toHaveCount(6);
  await expect(search).toHaveValue("project 25");

  // Back on the free plan, 25 projects are over its limit: the dashboard says so and links to an upgrade.
  await setPlan(owner.id, "free");
  await page.goto("/dashboard");
  await expect(page.getByTestId("plan-usage")).toHaveText(/^25 of \d+ projects$/);
  await expect(page.getByRole("link", { name: "Upgrade for more projects" })).toHaveAttribute("href", "/billing");
  await expect(page.getByRole("link", { name: "New project" })).toHaveCount(0);
  await captureVariants(page, testInfo, "projects-dashboard-limit-reached");

  await owner.context.close();
});

test("screenshots: dashboard empty and full, project overview and members, trash", async ({ browser }, testInfo) => {
  test.slow(); // several people, files and screenshots: give a loaded CI machine room
  const owner = await signedInPerson(browser, "shots", "Mae Jemison");
  const teammate = await signedInPerson(browser, "mate", "Guion Bluford");
  const { page } = owner;

  await page.goto("/dashboard");
  await captureVariants(page, testInfo, "projects-dashboard-empty");

  await setPlan(owner.id, "pro");
  const ids = await seedProjects(owner.id, [
    ...Array.from({ length: 19 }, (_, i) => ({ name: `Campaign ${i + 1}`, description: i % 3 === 0 ? "Quarterly marketing push" : "" })),
    { name: "<script>alert('x')</script>", description: "Markup in a name stays text." },
    { name: "مشروع الإطلاق 🚀", description: "وصف قصير" },
    { name: "Mobile app — a rather long project name to check truncation in narrow rows", description: "iOS and Android clients, with a description long enough to be cut off at the end of the row on narrow screens." },
    { name: "Website redesign", description: "New landing page and pricing page." },
  ]);
  const featured = ids[ids.length - 1]!;
  await addMember(featured, teammate.id, "admin");
  await addJob(featured, "completed");
  await addJob(ids[ids.length - 2]!, "failed");
  await addJob(ids[ids.length - 3]!, "processing");
  await page.goto("/dashboard");
  await expect(page.getByRole("list", { name: "Projects" }).getByRole("listitem")).toHaveCount(20);
  await captureVariants(page, testInfo, "projects-dashboard-full");

  await page.goto(`/projects/${featured}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Website redesign");
  await captureVariants(page, testInfo, "project-overview-owner");
  await page.goto(`/projects/${featured}/members`);
  await captureVariants(page, testInfo, "project-members-owner");

  await teammate.page.goto(`/projects/${ids[ids.length - 2]!}`);
  await expect(teammate.page.getByRole("heading", { name: NOT_FOUND })).toBeVisible();
  await addMember(ids[ids.length - 2]!, teammate.id, "viewer");
  await teammate.page.goto(`/projects/${ids[ids.length - 2]!}`);
  await captureVariants(teammate.page, testInfo, "project-overview-viewer");

  await page.goto(`/projects/${ids[0]!}`);
  await page.getByRole("button", { name: "Delete project" }).click();
  await expect(page.getByRole("status").filter({ hasText: "moved to the trash" })).toBeVisible();
  await captureVariants(page, testInfo, "projects-dashboard-undo-toast");
  await page.goto(`/projects/${ids[1]!}`);
  await page.getByRole("button", { name: "Delete project" }).click();
  await expect(page).toHaveURL(/\/dashboard\?deleted=/);
  await page.goto("/projects/trash");
  await expect(page.getByRole("list", { name: "Deleted projects" }).getByRole("listitem")).toHaveCount(2);
  await captureVariants(page, testInfo, "projects-trash");
  await page.goto("/projects/new");
  await captureVariants(page, testInfo, "projects-new");

  // Nothing overflows sideways at the narrowest supported width, long names included.
  await page.setViewportSize({ width: 360, height: 800 });
  for (const path of ["/dashboard", `/projects/${ids[ids.length - 2]!}`, `/projects/${featured}/members`, "/projects/trash"]) {
    await page.goto(path);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
  }

  await owner.context.close();
  await teammate.context.close();
});
