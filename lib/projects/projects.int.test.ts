// Creating, editing, trashing, restoring and permanently deleting projects,
// and the reads behind the dashboard, the project page and the trash — as
// two real signed-in users against the test stack. Each refusal is checked
// for its message and for the stored rows staying as they were.
import { beforeAll, describe, expect, test } from "vitest";
import { NO_ACCESS_MESSAGE } from "./errors";
import { createProject, deleteProjectForever, restoreProject, trashProject, updateProject } from "./mutations";
import { countTrash, getPlanUsage, getProject, getTrashedProjectName, listDashboardProjects, listMembers, listTrash } from "./queries";
import { createProjectSchema, updateProjectSchema } from "./schema";
import { adminClient, createTestUser, refusal, setPlan, storedProject, type TestUser } from "./test-users";

let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  [alice, bob] = await Promise.all([createTestUser("alice"), createTestUser("bob")]);
  // Room for every project these tests create; the plan limit has its own users below.
  await Promise.all([setPlan(alice.id, "pro"), setPlan(bob.id, "pro")]);
});

/** Creates a project through the same path as the form: schema, then mutation. */
async function create(user: TestUser, name: string, description = "") {
  return createProject(user.client, createProjectSchema.parse({ name, description }));
}

async function addMember(projectId: string, userId: string, role: "admin" | "member" | "viewer") {
  const { error } = await adminClient().from("project_members").insert({ project_id: projectId, user_id: userId, role });
  if (error) throw error;
}


describe("createProject", () => {
  test("stores the trimmed name, makes the creator the owner and shows it on their dashboard", async () => {
    const { id } = await create(alice, "   Launch plan  ", "  First quarter  ");
    const stored = await storedProject(id);
    expect(stored).toMatchObject({ name: "Launch plan", description: "First quarter", owner_id: alice.id, deleted_at: null });
    const page = await listDashboardProjects(alice.client, { q: "Launch plan", page: 1 });
    expect(page.projects).toEqual([expect.objectContaining({ id, name: "Launch plan", role: "owner", memberCount: 1, lastJobStatus: null })]);
  });

  test("stores markup, right-to-left text and emoji exactly as typed", async () => {
    for (const name of ["<script>alert(1)</script>", "مشروع الإطلاق 🚀", "👩‍🚀".repeat(10)]) {
      const { id } = await create(alice, name);
      expect((await storedProject(id))?.name).toBe(name);
    }
  });

  test("a forged owner_id cannot create a project for someone else", async () => {
    const { error } = await alice.client.from("projects").insert({ name: "Forged", owner_id: bob.id });
    expect(error?.code).toBe("42501");
    const { count } = await adminClient().from("projects").select("id", { count: "exact", head: true }).eq("name", "Forged");
    expect(count).toBe(0);
  });
});

describe("plan limit", () => {
  test("the free plan's limit (read from plan_limits) refuses one more project, counts restores, and writes nothing", async () => {
    const carol = await createTestUser("carol");
    const { data: plan } = await adminClient().from("plan_limits").select("max_projects").eq("tier", "free").single();
    const limit = plan!.max_projects!;
    expect(await getPlanUsage(carol.client, carol.id)).toEqual({ tier: "free", used: 0, limit, reached: false });

    const ids: string[] = [];
    for (let i = 0; i < limit; i++) ids.push((await create(carol, `Carol ${i + 1}`)).id);
    expect(await getPlanUsage(carol.client, carol.id)).toEqual({ tier: "free", used: limit, limit, reached: true });

    const refused = await refusal(create(carol, "One too many"));
    expect(refused.message).toBe(`The Free plan allows ${limit} active projects. Upgrade your plan, or delete a project to make room.`);
    const { count } = await adminClient().from("projects").select("id", { count: "exact", head: true }).eq("owner_id", carol.id);
    expect(count).toBe(limit);

    // A trashed project frees its slot; restoring it while the slot is taken is refused.
    await trashProject(carol.client, ids[0]!);
    expect((await getPlanUsage(carol.client, carol.id)).used).toBe(limit - 1);
    await create(carol, "Replacement");
    expect((await refusal(restoreProject(carol.client, ids[0]!))).message).toMatch(/^The Free plan allows/);
    expect((await storedProject(ids[0]!))?.deleted_at).not.toBeNull();
  });
});

describe("updateProject", () => {
  test("owners and admins edit the name and description; viewers and strangers are refused and nothing changes", async () => {
    const { id } = await create(alice, "Editable", "Original");
    const erin = await createTestUser("erin");
    await addMember(id, bob.id, "admin");
    await addMember(id, erin.id, "viewer");

    await updateProject(alice.client, { projectId: id, name: "Edited by owner", description: "Owner" });
    await updateProject(bob.client, { projectId: id, name: "Edited by admin", description: "Admin" });
    expect(await storedProject(id)).toMatchObject({ name: "Edited by admin", description: "Admin", updated_by: bob.id });

    for (const input of [{ name: "Hijacked", description: "x" }, { description: "x" }]) {
      const error = await refusal(updateProject(erin.client, { projectId: id, ...input }));
      expect(error.message).toBe("Viewers can't edit this project. Ask the owner or an admin to make you a member.");
    }
    const stranger = await createTestUser("stranger");
    const error = await refusal(updateProject(stranger.client, { projectId: id, name: "Hijacked", description: "x" }));
    expect(error.message).toBe(NO_ACCESS_MESSAGE);
    expect(await storedProject(id)).toMatchObject({ name: "Edited by admin", description: "Admin", updated_by: bob.id });
  });

  test("a member edits the description; renaming is refused and writes nothing", async () => {
    const { id } = await create(alice, "Members welcome", "Original");
    const dave = await createTestUser("dave");
    await addMember(id, dave.id, "member");

    // As the member's form sends it: the description alone, through the schema.
    await updateProject(dave.client, updateProjectSchema.parse({ projectId: id, description: "  Edited by a member  " }));
    expect(await storedProject(id)).toMatchObject({ name: "Members welcome", description: "Edited by a member", updated_by: dave.id });
    // The owner's form sends the name too: unchanged, it is not a rename.
    await updateProject(dave.client, { projectId: id, name: "Members welcome", description: "Still the member" });
    expect(await storedProject(id)).toMatchObject({ name: "Members welcome", description: "Still the member" });

    const before = await storedProject(id);
    for (const input of [{ name: "Renamed by a member" }, { name: "Renamed by a member", description: "And described" }]) {
      const error = await refusal(updateProject(dave.client, { projectId: id, ...input }));
      expect(error.message).toBe("As a member you can edit the description only. Only owners and admins can rename the project.");
    }
    expect(await storedProject(id)).toEqual(before);
  });

  test("a request with neither field saves nothing", async () => {
    const { id } = await create(alice, "Untouched", "Same");
    const before = await storedProject(id);
    expect((await refusal(updateProject(alice.client, { projectId: id }))).message).toBe("Nothing to save: change the name or the description.");
    expect(await storedProject(id)).toEqual(before);
  });

  test("leaves the description alone when the request has none", async () => {
    const { id } = await create(alice, "Partial", "Keep me");
    await updateProject(alice.client, { projectId: id, name: "Renamed" });
    expect(await storedProject(id)).toMatchObject({ name: "Renamed", description: "Keep me" });
  });
});

describe("trash, restore and delete forever", () => {
  test("the owner trashes (members lose it), restores, and deletes it for good from the trash", async () => {
    const { id } = await create(alice, "Short-lived");
    await addMember(id, bob.id, "admin");

    expect((await refusal(trashProject(bob.client, id))).message).toBe("Only the owner can delete this project.");
    expect((await storedProject(id))?.deleted_at).toBeNull();

    await trashProject(alice.client, id);
    expect(await getProject(alice.client, id)).toBeNull();
    expect(await getProject(bob.client, id)).toBeNull();
    expect(await getTrashedProjectName(alice.client, id)).toBe("Short-lived");
    expect(await getTrashedProjectName(bob.client, id)).toBeNull();
    const trash = await listTrash(alice.client, alice.id);
    const entry = trash.find((project) => project.id === id);
    expect(entry).toBeDefined();
    expect(Date.parse(entry!.purgeAt) - Date.parse(entry!.deletedAt)).toBe(30 * 86_400_000);
    expect((await listTrash(bob.client, bob.id)).map((project) => project.id)).not.toContain(id);
    expect(await countTrash(alice.client, alice.id)).toBe(trash.length);

    expect((await refusal(restoreProject(bob.client, id))).message).toBe("This project is not in your trash.");
    expect((await refusal(deleteProjectForever(bob.client, id))).message).toBe("This project is not in your trash.");
    await restoreProject(alice.client, id);
    expect(await getProject(bob.client, id)).toMatchObject({ id, name: "Short-lived" });

    // Only from the trash: an active project cannot be deleted for good.
    expect((await refusal(deleteProjectForever(alice.client, id))).message).toBe("This project is not in your trash.");
    expect(await storedProject(id)).not.toBeNull();
    await trashProject(alice.client, id);
    await deleteProjectForever(alice.client, id);
    expect(await storedProject(id)).toBeNull();
  });

  test("a stranger cannot trash someone else's project", async () => {
    const { id } = await create(alice, "Not Bob's");
    expect((await refusal(trashProject(bob.client, id))).message).toBe(NO_ACCESS_MESSAGE);
    expect((await storedProject(id))?.deleted_at).toBeNull();
  });
});

describe("getProject", () => {
  test("answers null for malformed, unknown and other people's ids", async () => {
    const { id } = await create(alice, "Private");
    expect(await getProject(alice.client, id)).toMatchObject({ id, name: "Private", ownerId: alice.id });
    expect(await getProject(bob.client, id)).toBeNull();
    expect(await getProject(alice.client, "not-a-uuid")).toBeNull();
    // The project page loads the members alongside; a malformed id must not make that a database error.
    expect(await listMembers(alice.client, "not-a-uuid")).toEqual([]);
    expect(await getProject(alice.client, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("listDashboardProjects", () => {
  test("pages newest first, 20 at a time, searches by name, and shows role, members and the latest job", async () => {
    const frank = await createTestUser("frank");
    await setPlan(frank.id, "pro");
    const start = Date.parse("2026-01-01T00:00:00Z");
    const rows = Array.from({ length: 23 }, (_, i) => ({
      name: i % 2 === 0 ? `Alpha ${i}` : `Beta ${i}`,
      owner_id: frank.id,
      created_at: new Date(start + i * 60_000).toISOString(),
    }));
    const { data: inserted, error } = await adminClient().from("projects").insert(rows).select("id, name");
    if (error) throw error;
    const newest = inserted.find((row) => row.name === "Alpha 22")!;
    await addMember(newest.id, bob.id, "viewer");
    const jobs = await adminClient().from("jobs").insert([
      { project_id: newest.id, job_type: "report.generate", status: "completed", created_at: "2026-01-02T00:00:00Z" },
      { project_id: newest.id, job_type: "report.generate", status: "failed", created_at: "2026-01-03T00:00:00Z" },
    ]);
    if (jobs.error) throw jobs.error;

    const first = await listDashboardProjects(frank.client, { q: "", page: 1 });
    expect(first.total).toBe(23);
    expect(first.pageCount).toBe(2);
    expect(first.projects).toHaveLength(20);
    expect(first.projects.slice(0, 3).map((project) => project.name)).toEqual(["Alpha 22", "Beta 21", "Alpha 20"]);
    expect(first.projects[0]).toMatchObject({ role: "owner", memberCount: 2, lastJobStatus: "failed" });
    expect(first.projects[1]).toMatchObject({ memberCount: 1, lastJobStatus: null });

    const second = await listDashboardProjects(frank.client, { q: "", page: 2 });
    expect(second.projects.map((project) => project.name)).toEqual(["Alpha 2", "Beta 1", "Alpha 0"]);

    const search = await listDashboardProjects(frank.client, { q: "beta", page: 1 });
    expect(search.total).toBe(11);
    expect(search.projects.every((project) => project.name.startsWith("Beta"))).toBe(true);
    // LIKE wildcards in the search are literal characters.
    expect((await listDashboardProjects(frank.client, { q: "%", page: 1 })).total).toBe(0);
    expect((await listDashboardProjects(frank.client, { q: "_", page: 1 })).total).toBe(0);

    // Past the last page: no rows, but the total still says where the last page is.
    const beyond = await listDashboardProjects(frank.client, { q: "", page: 5 });
    expect(beyond).toMatchObject({ projects: [], total: 23, pageCount: 2 });

    // Bob sees only the project shared with him, with his own role.
    const shared = await listDashboardProjects(bob.client, { q: "Alpha", page: 1 });
    expect(shared.projects).toEqual([expect.objectContaining({ id: newest.id, role: "viewer", memberCount: 2 })]);
  });
});
