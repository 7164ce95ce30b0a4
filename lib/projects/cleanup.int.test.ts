// What happens to a project after it is gone for good: its files leave the
// assets bucket (deleted forever, purged from the trash, or deleted with its
// owner's account), a Storage failure is retried later, and trash older than
// 30 days is purged, all by the worker's housekeeping with the service role.
import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { ASSETS_BUCKET } from "@/lib/jobs/queries";
import { JobWorker } from "@/lib/jobs/worker";
import type { Database } from "@/lib/supabase/database.types";
import { purgeTrash, sweepDeletedProjectFiles } from "./cleanup";
import { createProject, deleteProjectForever, trashProject } from "./mutations";
import { adminClient, createTestUser, setPlan, storedProject, type TestUser } from "./test-users";

let owner: TestUser;
let pool: pg.Pool;

beforeAll(async () => {
  owner = await createTestUser("cleanup-owner");
  await setPlan(owner.id, "pro");
  pool = new pg.Pool({ connectionString: inject("stack").dbUrl, max: 2 });
});
afterAll(() => pool.end());

/** A project of `user` with two job outputs stored as the worker stores them. */
async function projectWithFiles(user: TestUser, name: string): Promise<string> {
  const { id } = await createProject(user.client, { name, description: "" });
  const jobFolder = randomUUID();
  for (const file of ["report.csv", "summary.json"]) {
    const { error } = await adminClient().storage.from(ASSETS_BUCKET).upload(`${id}/${jobFolder}/${file}`, new TextEncoder().encode(file));
    if (error) throw error;
  }
  return id;
}

/** The object names under <projectId>/ in the assets bucket, straight from storage.objects. */
async function filesOf(projectId: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    "select name from storage.objects where bucket_id = $1 and name like $2 order by name",
    [ASSETS_BUCKET, `${projectId}/%`],
  );
  return rows.map((row) => row.name);
}

async function pendingSweep(projectId: string) {
  const { rows } = await pool.query<{ attempts: number; last_error: string | null; due: boolean }>(
    "select attempts, last_error, run_after <= now() as due from private.project_file_sweeps where project_id = $1",
    [projectId],
  );
  return rows[0] ?? null;
}

/** Sweeps until this project's sweep is done (other test files may queue sweeps of their own). */
async function sweepUntilDone(projectId: string) {
  for (let i = 0; i < 20 && (await pendingSweep(projectId))?.due; i++) await sweepDeletedProjectFiles(adminClient(), 50);
}

describe("deleted projects' files", () => {
  test("deleting a project forever removes its files from the assets bucket, and no other project's", async () => {
    const doomed = await projectWithFiles(owner, "Doomed");
    const kept = await projectWithFiles(owner, "Kept");
    expect(await filesOf(doomed)).toHaveLength(2);

    await trashProject(owner.client, doomed);
    // In the trash the files stay: the project can still be restored.
    await sweepDeletedProjectFiles(adminClient(), 50);
    expect(await filesOf(doomed)).toHaveLength(2);
    expect(await pendingSweep(doomed)).toBeNull();

    await deleteProjectForever(owner.client, doomed);
    // The delete queued a sweep, due at once (unless a worker's housekeeping has already run it, which removed the files).
    const queued = await pendingSweep(doomed);
    if (queued) expect(queued).toMatchObject({ attempts: 0, due: true });
    else expect(await filesOf(doomed)).toEqual([]);
    await sweepUntilDone(doomed);

    expect(await filesOf(doomed)).toEqual([]);
    expect(await pendingSweep(doomed)).toBeNull();
    expect(await filesOf(kept)).toHaveLength(2);
  });

  test("deleting an account removes the files of the projects it owned", async () => {
    const leaving = await createTestUser("cleanup-leaving");
    const projectId = await projectWithFiles(leaving, "Owned by a leaving user");
    const { error } = await adminClient().auth.admin.deleteUser(leaving.id);
    if (error) throw error;
    expect(await storedProject(projectId)).toBeNull();

    await sweepUntilDone(projectId);
    expect(await filesOf(projectId)).toEqual([]);
  });

  test("when Storage fails, the sweep keeps its files' list and is retried after a back-off", async () => {
    const projectId = await projectWithFiles(owner, "Storage is down");
    await trashProject(owner.client, projectId);
    await deleteProjectForever(owner.client, projectId);

    // The same service-role client, but its Storage calls get a 503.
    const { apiUrl, secretKey } = inject("stack");
    const storageDown = createClient<Database>(apiUrl, secretKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      global: {
        fetch: (input, init) =>
          new URL(input instanceof Request ? input.url : input).pathname.startsWith("/storage/")
            ? Promise.resolve(new Response(JSON.stringify({ statusCode: "503", error: "Unavailable", message: "storage is down" }), { status: 503 }))
            : fetch(input, init),
      },
    });
    for (let i = 0; i < 20 && (await pendingSweep(projectId))?.attempts === 0; i++) await sweepDeletedProjectFiles(storageDown, 50);

    expect(await pendingSweep(projectId)).toMatchObject({ attempts: 1, last_error: "storage is down", due: false });
    expect(await filesOf(projectId)).toHaveLength(2);
    // Not claimed again while backing off.
    await sweepDeletedProjectFiles(adminClient(), 50);
    expect(await filesOf(projectId)).toHaveLength(2);

    await pool.query("update private.project_file_sweeps set run_after = now() where project_id = $1", [projectId]);
    await sweepUntilDone(projectId);
    expect(await filesOf(projectId)).toEqual([]);
    expect(await pendingSweep(projectId)).toBeNull();
  });
});

describe("the trash", () => {
  test("purgeTrash deletes projects trashed over 30 days ago, not newer ones, and their files follow", async () => {
    const old = await projectWithFiles(owner, "Trashed long ago");
    const recent = await projectWithFiles(owner, "Trashed yesterday");
    await trashProject(owner.client, old);
    await trashProject(owner.client, recent);
    await pool.query("update public.projects set deleted_at = now() - interval '31 days' where id = $1", [old]);
    await pool.query("update public.projects set deleted_at = now() - interval '1 day' where id = $1", [recent]);

    const purged = await purgeTrash(adminClient());
    // Any purge of 30-day-old trash takes `old` (another test file's may have been first), so check what is left, not who purged it.
    expect(purged).not.toContain(recent);
    expect(await storedProject(old)).toBeNull();
    expect(await storedProject(recent)).toMatchObject({ id: recent });

    await sweepUntilDone(old);
    expect(await filesOf(old)).toEqual([]);
    expect(await filesOf(recent)).toHaveLength(2);
  });

  test("the worker's housekeeping purges old trash and sweeps the files in one pass", async () => {
    const projectId = await projectWithFiles(owner, "Purged by the worker");
    await trashProject(owner.client, projectId);
    // Housekeeping works on the whole database, and other test files run at the same time: keep the trash for
    // 3000 days and trash this project 10 years ago, so that only it (and no other file's trash) is old enough,
    // and never requeue other files' jobs as stale.
    await pool.query("update public.projects set deleted_at = now() - interval '3650 days' where id = $1", [projectId]);
    const worker = new JobWorker({ client: adminClient(), handlers: {}, trashRetention: "3000 days", staleAfter: "3000 days", log: () => {} });

    await worker.housekeeping({ purge: true });

    // Any 30-day purge elsewhere may have taken the project first; either way it is gone, and its files with it.
    expect(await storedProject(projectId)).toBeNull();
    expect(await filesOf(projectId)).toEqual([]);
  });

  test("only the service role may purge or sweep", async () => {
    const purge = await owner.client.rpc("purge_deleted_projects", {});
    expect(purge.error).toMatchObject({ code: "42501" });
    const claim = await owner.client.rpc("claim_project_file_sweeps", {});
    expect(claim.error).toMatchObject({ code: "42501" });
    const finish = await owner.client.rpc("finish_project_file_sweep", { p_project_id: randomUUID() });
    expect(finish.error).toMatchObject({ code: "42501" });
  });
});
