// The Jobs flow against the test stack: members create jobs (RLS and the SQL
// quota as the guards), real JobWorker instances claim and run them with the
// service role, and the files they store are downloadable by members only.
// Job types made up for a test carry a random suffix, so the workers here
// never claim another test's jobs.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { createProject } from "@/lib/projects/mutations";
import { adminClient, createTestUser, refusal, setPlan, type TestUser } from "@/lib/projects/test-users";
import type { JobHandler } from "./handlers";
import { createJob, NOT_ALLOWED_MESSAGE } from "./mutations";
import { listJobs, signedDownloadUrl } from "./queries";
import { createJobSchema } from "./schema";
import { JobWorker, type WorkerOptions } from "./worker";

let owner: TestUser;
let member: TestUser;
let viewer: TestUser;
let outsider: TestUser;
let projectId: string;

beforeAll(async () => {
  [owner, member, viewer, outsider] = await Promise.all([
    createTestUser("job-owner"), createTestUser("job-member"), createTestUser("job-viewer"), createTestUser("job-outsider"),
  ]);
  await setPlan(owner.id, "pro");
  ({ id: projectId } = await createProject(owner.client, { name: "Jobs project", description: "Exports & reports" }));
  const { error } = await adminClient().from("project_members").insert([
    { project_id: projectId, user_id: member.id, role: "member" },
    { project_id: projectId, user_id: viewer.id, role: "viewer" },
  ]);
  if (error) throw error;
});

// No housekeeping: it works on the whole database (stale jobs, the trash, file
// sweeps), so it would race other test files' rows. lib/projects/cleanup.int.test.ts
// tests it.
function worker(options: Partial<WorkerOptions> = {}) {
  return new JobWorker({ client: adminClient(), idleMs: 20, retryBaseMs: 0, housekeepingEveryMs: Infinity, log: () => {}, ...options });
}

async function storedJob(id: string) {
  const { data, error } = await adminClient().from("jobs").select("*").eq("id", id).single();
  if (error) throw error;
  return data;
}

async function countJobs(filter: { projectId: string }) {
  const { count, error } = await adminClient().from("jobs").select("id", { count: "exact", head: true }).eq("project_id", filter.projectId);
  if (error) throw error;
  return count;
}

/** Inserts jobs of a made-up type behind RLS's back, as a test fixture. */
async function insertJobs(jobType: string, n: number, extra: { max_attempts?: number; parameters?: Record<string, string> } = {}) {
  const rows = Array.from({ length: n }, () => ({ project_id: projectId, job_type: jobType, ...extra }));
  const { data, error } = await adminClient().from("jobs").insert(rows).select("id");
  if (error) throw error;
  return data.map((row) => row.id);
}

/** Runs the worker one job at a time until the given job has finished. */
async function runUntilFinished(w: JobWorker, jobId: string) {
  for (let i = 0; i < 20; i++) {
    const job = await storedJob(jobId);
    if (job.status !== "queued" && job.status !== "processing") return job;
    await w.runOnce();
  }
  throw new Error(`job ${jobId} did not finish`);
}


const uniqueType = (label: string) => `test.${label}-${randomUUID().slice(0, 8)}`;

describe("creating a job", () => {
  test("a member creates a queued job with validated parameters, attributed to them", async () => {
    const input = createJobSchema.parse({ projectId, jobType: "generate_report", title: "  Weekly  " });
    const { id } = await createJob(member.client, input);
    expect(await storedJob(id)).toMatchObject({
      project_id: projectId, user_id: member.id, job_type: "generate_report", status: "queued", progress: 0, parameters: { title: "Weekly" }, attempts: 0,
    });
    const listed = await listJobs(member.client, projectId);
    expect(listed.find((job) => job.id === id)).toMatchObject({ status: "queued", assets: [] });
  });

  test("a viewer and an outsider are refused with a clear message, and nothing is written", async () => {
    const before = await countJobs({ projectId });
    const input = createJobSchema.parse({ projectId, jobType: "export_project", format: "json" });
    expect((await refusal(createJob(viewer.client, input))).message).toBe(NOT_ALLOWED_MESSAGE);
    expect((await refusal(createJob(outsider.client, input))).message).toBe(NOT_ALLOWED_MESSAGE);
    expect(await countJobs({ projectId })).toBe(before);
  });

  test("bad parameters are refused by the schema, field by field", () => {
    const errors = (value: unknown) => createJobSchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(errors({ projectId, jobType: "export_project", format: "xml" })).toEqual([["format", "Choose JSON or CSV."]]);
    expect(errors({ projectId, jobType: "generate_report", title: "   " })).toEqual([["title", "Enter a title for the report."]]);
    expect(errors({ projectId, jobType: "generate_report", title: "x".repeat(101) })).toEqual([["title", "Keep the title to 100 characters or fewer."]]);
    expect(errors({ projectId, jobType: "generate_report", title: "a\nb" })).toEqual([["title", "The title can't contain line breaks or control characters."]]);
    expect(errors({ projectId, jobType: "delete_everything" })).toEqual([["jobType", "Choose what to run: an export or a report."]]);
    expect(errors({ projectId: "nope", jobType: "export_project", format: "csv" })).toEqual([["projectId", "That is not a valid project id."]]);
  });

  test("over the owner's monthly quota: a clear message, no job and no usage counted", async () => {
    const carol = await createTestUser("job-quota");
    const { id: carolProject } = await createProject(carol.client, { name: "Quota", description: "" });
    const { data: plan } = await adminClient().from("plan_limits").select("max_jobs_per_month").eq("tier", "free").single();
    const limit = plan!.max_jobs_per_month!;
    const nextMonth = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await adminClient().from("users").update({ monthly_usage: limit, usage_reset_at: nextMonth }).eq("id", carol.id).throwOnError();

    const input = createJobSchema.parse({ projectId: carolProject, jobType: "export_project", format: "csv" });
    const refused = await refusal(createJob(carol.client, input));
    expect(refused.message).toBe(
      `This project's owner is on the Free plan, which allows ${limit} jobs a month, and it is used up. Upgrade the plan, or wait for the quota to reset on the 1st (UTC).`,
    );
    expect(await countJobs({ projectId: carolProject })).toBe(0);
    const { data: usage } = await adminClient().from("users").select("monthly_usage").eq("id", carol.id).single();
    expect(usage!.monthly_usage).toBe(limit);
  });
});

describe("the worker", () => {
  test("two workers running at once never process the same job", async () => {
    const jobType = uniqueType("count");
    const ids = await insertJobs(jobType, 16);
    const ranBy = new Map<string, string[]>();
    // Each worker holds its first job until the other has claimed one too, so
    // both get a share however late one starts (10 s at most: a worker that
    // never claims fails the test instead of hanging it).
    const firstJobOf = new Set<string>();
    let bothClaimed!: () => void;
    const barrier = new Promise<void>((resolve) => (bothClaimed = resolve));
    const handler = (name: string): JobHandler => async (job, { progress }) => {
      ranBy.set(job.id, [...(ranBy.get(job.id) ?? []), name]);
      if (!firstJobOf.has(name)) {
        firstJobOf.add(name);
        if (firstJobOf.size === 2) bothClaimed();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([barrier, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
        clearTimeout(timer);
      }
      await progress(50);
      await new Promise((resolve) => setTimeout(resolve, 10)); // long enough for the other worker to claim in between
      return { files: [], result: { by: name } };
    };
    const workers = [worker({ handlers: { [jobType]: handler("a") } }), worker({ handlers: { [jobType]: handler("b") } })];
    for (const w of workers) w.start();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const { count } = await adminClient().from("jobs").select("id", { count: "exact", head: true }).eq("job_type", jobType).eq("status", "completed");
      if (count === ids.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(workers.map((w) => w.stop()));

    expect([...ranBy.keys()].sort()).toEqual([...ids].sort());
    for (const [id, runs] of ranBy) expect(runs, `job ${id}`).toHaveLength(1);
    expect(new Set([...ranBy.values()].flat())).toEqual(new Set(["a", "b"]));
    const { data: rows } = await adminClient().from("jobs").select("status, progress, attempts, locked_by").eq("job_type", jobType);
    expect(rows).toEqual(ids.map(() => ({ status: "completed", progress: 100, attempts: 1, locked_by: null })));
  });

  test("concurrent claim_jobs calls split the queue between them (FOR UPDATE SKIP LOCKED)", async () => {
    const jobType = uniqueType("claim");
    const ids = await insertJobs(jobType, 10);
    const claim = (workerId: string) => adminClient().rpc("claim_jobs", { p_worker_id: workerId, p_limit: 10, p_job_types: [jobType] });
    const results = await Promise.all([claim("w1"), claim("w2"), claim("w3")]);
    const claimed = results.flatMap((result) => (result.data ?? []).map((job) => job.id));
    expect(results.map((result) => result.error)).toEqual([null, null, null]);
    expect(claimed.sort()).toEqual([...ids].sort()); // every job once, none twice
  });

  test("stores the export in the assets bucket; a member downloads it through a signed URL, an outsider cannot", async () => {
    const { id } = await createJob(member.client, createJobSchema.parse({ projectId, jobType: "export_project", format: "json" }));
    const job = await runUntilFinished(worker(), id);
    expect(job).toMatchObject({ status: "completed", progress: 100, error_message: null, result: { format: "json", members: 3 } });

    const [listed] = (await listJobs(member.client, projectId)).filter((j) => j.id === id);
    expect(listed!.assets).toEqual([expect.objectContaining({ fileName: "project-export.json", mimeType: "application/json" })]);
    const asset = listed!.assets[0]!;

    const url = await signedDownloadUrl(member.client, { projectId, jobId: id, assetId: asset.id });
    expect(url).toBeTruthy();
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("project-export.json");
    const body = await response.text();
    expect(body.length).toBe(asset.fileSize);
    const data = JSON.parse(body);
    expect(data.project).toMatchObject({ id: projectId, name: "Jobs project", description: "Exports & reports" });
    expect(data.members.map((m: { email: string }) => m.email).sort()).toEqual([owner.email, member.email, viewer.email].sort());

    // The viewer may read; the outsider gets nothing, neither through the app nor straight from storage.
    expect(await signedDownloadUrl(viewer.client, { projectId, jobId: id, assetId: asset.id })).toBeTruthy();
    expect(await signedDownloadUrl(outsider.client, { projectId, jobId: id, assetId: asset.id })).toBeNull();
    const direct = await outsider.client.storage.from("assets").createSignedUrl(`${projectId}/${id}/project-export.json`, 60);
    expect(direct.data).toBeNull();
    expect((await outsider.client.storage.from("assets").download(`${projectId}/${id}/project-export.json`)).data).toBeNull();
  });

  test("the CSV export neutralises formulas and the report is markdown with the given title", async () => {
    await adminClient().from("users").update({ name: "=HYPERLINK(\"x\")" }).eq("id", member.id).throwOnError();
    const csv = await createJob(member.client, createJobSchema.parse({ projectId, jobType: "export_project", format: "csv" }));
    const report = await createJob(member.client, createJobSchema.parse({ projectId, jobType: "generate_report", title: "Q3 *status*" }));
    const w = worker();
    await runUntilFinished(w, csv.id);
    await runUntilFinished(w, report.id);
    const download = async (jobId: string) => {
      const [job] = (await listJobs(member.client, projectId)).filter((j) => j.id === jobId);
      const url = await signedDownloadUrl(member.client, { projectId, jobId, assetId: job!.assets[0]!.id });
      return (await fetch(url!)).text();
    };
    const csvText = await download(csv.id);
    expect(csvText.split("\r\n")[0]).toBe("name,email,role,joined_at");
    expect(csvText).toContain(`"'=HYPERLINK(""x"")",${member.email},member,`);
    const markdown = await download(report.id);
    expect(markdown.split("\n")[0]).toBe("# Q3 \\*status\\*");
    expect(markdown).toContain("Project: **Jobs project**");
    expect(markdown).toMatch(/## Members \(3\)\n\n- member: 1\n- owner: 1\n- viewer: 1/);
  });

  test("a failing handler is retried with backoff, then marked failed with its message after max_attempts", async () => {
    const jobType = uniqueType("fail");
    const [id] = await insertJobs(jobType, 1, { max_attempts: 3 });
    let calls = 0;
    const handlers = { [jobType]: async () => { calls++; throw new Error(`boom ${calls}`); } };

    // With a one-minute backoff the retry is scheduled, not run straight away.
    const slow = worker({ handlers, retryBaseMs: 60_000 });
    expect(await slow.runOnce()).toBe(true);
    const first = await storedJob(id!);
    expect(first).toMatchObject({ status: "queued", attempts: 1, error_message: "boom 1", locked_by: null, finished_at: null });
    expect(new Date(first.run_after).getTime() - Date.now()).toBeGreaterThan(50_000);
    expect(await slow.runOnce()).toBe(false);

    await adminClient().from("jobs").update({ run_after: new Date().toISOString() }).eq("id", id!).throwOnError();
    const fast = worker({ handlers });
    expect(await fast.runOnce()).toBe(true);
    expect(await storedJob(id!)).toMatchObject({ status: "queued", attempts: 2, error_message: "boom 2" });
    expect(await fast.runOnce()).toBe(true);
    const last = await storedJob(id!);
    expect(last).toMatchObject({ status: "failed", attempts: 3, error_message: "boom 3", locked_by: null });
    expect(last.finished_at).not.toBeNull();
    expect(await fast.runOnce()).toBe(false);
    expect(calls).toBe(3);
  });

  test("parameters written around the app fail at once, without retries", async () => {
    const [id] = await insertJobs("export_project", 1, { parameters: { format: "xml" } });
    const job = await runUntilFinished(worker(), id!);
    expect(job).toMatchObject({ status: "failed", attempts: 1, error_message: "Invalid parameters for export_project: format: Choose JSON or CSV." });
  });

  test("stop() gives a stuck job back to the queue without using up an attempt", async () => {
    const jobType = uniqueType("stuck");
    const [id] = await insertJobs(jobType, 1);
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const handler: JobHandler = async (_job, { progress, signal }) => {
      await progress(10);
      started();
      await new Promise((resolve) => signal.addEventListener("abort", resolve));
      await progress(20); // throws: the worker is stopping
      return { files: [], result: {} };
    };
    const w = worker({ handlers: { [jobType]: handler }, stopGraceMs: 100 }).start();
    await running;
    expect(await storedJob(id!)).toMatchObject({ status: "processing", progress: 10, attempts: 1, locked_by: w.id });
    await w.stop();
    expect(await storedJob(id!)).toMatchObject({ status: "queued", progress: 0, attempts: 0, locked_by: null, heartbeat_at: null });
  });
});
