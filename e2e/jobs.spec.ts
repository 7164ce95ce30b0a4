// Jobs on the project page, end to end: a member starts an export and a
// report, watches the progress bar (the worker runs inside the e2e server)
// until the download link appears, and downloads each file. A bad title is
// refused next to its field; a viewer sees the files but no form. Then
// screenshots at 1280 and 390 px, light and dark.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { captureVariants } from "./helpers/screenshots.ts";
import { addMember, admin, seedProjects, signedInPerson } from "./projects-helpers.ts";

/** Waits for the newest job to finish, returning the progress values the bar showed on the way. */
async function watchNewestJob(page: Page, projectId: string): Promise<number[]> {
  const job = page.getByTestId("job").first();
  const seen: number[] = [];
  try {
    await expect
      .poll(
        async () => {
          // One read of the row: asking for the bar and then its value could wait
          // forever on a bar removed in between, when the job finishes.
          const { status, progress } = await job.evaluate((row) => ({
            status: row.getAttribute("data-status"),
            progress: row.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow"),
          }));
          if (progress != null) seen.push(Number(progress));
          return status;
        },
        { timeout: 20_000, intervals: [100] },
      )
      .toBe("completed");
  } catch (error) {
    // Say which side was behind: the worker (the row) or the page.
    const { data: rows } = await admin().from("jobs").select("status, progress, updated_at").eq("project_id", projectId).order("created_at", { ascending: false }).limit(1);
    throw new Error(`${(error as Error).message}\nnewest job in the database at ${new Date().toISOString()}: ${JSON.stringify(rows)}; bar showed ${seen.slice(-20).join(",")}`);
  }
  return seen;
}

async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: new RegExp(`^Download ${name}`) }).first().click()]);
  expect(file.suggestedFilename()).toBe(name);
  return readFile((await file.path())!, "utf8");
}

test("a member runs an export and a report, sees the progress bar, and downloads the files", async ({ browser }, testInfo) => {
  test.slow(); // several people, files and screenshots: give a loaded CI machine room
  const owner = await signedInPerson(browser, "jobs-owner", "Katherine Johnson");
  const viewer = await signedInPerson(browser, "jobs-viewer", "Dorothy Vaughan");
  const [projectId] = await seedProjects(owner.id, [{ name: "Orbit study", description: "Trajectories for the launch." }]);
  await addMember(projectId!, viewer.id, "viewer");
  const { page } = owner;

  await page.goto(`/projects/${projectId}`);
  const jobs = page.getByRole("region", { name: "Jobs" });
  await expect(jobs.getByText("No jobs yet.")).toBeVisible();

  // Export as JSON: queued → a moving progress bar → completed with a download link.
  await jobs.getByLabel("What to run").selectOption("export_project");
  await jobs.getByLabel("Format").selectOption("json");
  await jobs.getByRole("button", { name: "Run job" }).click();
  await expect(page.getByTestId("job")).toHaveCount(1);
  await expect(page.getByTestId("job").first().getByRole("progressbar")).toBeVisible();
  const seen = await watchNewestJob(page, projectId!);
  expect(seen.some((value) => value > 0), `the bar moved: ${seen.join(", ")}`).toBe(true);
  expect(seen.every((value, i) => i === 0 || value >= seen[i - 1]!), `progress only goes up: ${seen.join(", ")}`).toBe(true);
  await expect(page.getByTestId("job").first().getByRole("progressbar")).toHaveCount(0);
  const exported = JSON.parse(await download(page, "project-export.json"));
  expect(exported.project).toMatchObject({ id: projectId, name: "Orbit study", description: "Trajectories for the launch." });
  expect(exported.members).toHaveLength(2);

  // A report needs a title: an empty one is refused next to the field, and nothing is queued.
  await jobs.getByLabel("What to run").selectOption("generate_report");
  await jobs.getByLabel("Report title").fill("   ");
  await jobs.getByRole("button", { name: "Run job" }).click();
  await expect(jobs.getByText("Enter a title for the report.")).toBeVisible();
  await expect(page.getByTestId("job")).toHaveCount(1);

  // The poll after the one that shows the new job gets no answer at all (a
  // stalled proxy), the next two fail (a deploy, a network blip): the panel
  // gives up on the stalled one after its timeout instead of waiting forever,
  // and the list still catches up and follows the job.
  let polls = 0;
  let answerHungPoll = () => {};
  const hungPollAnswered = new Promise<void>((resolve) => (answerHungPoll = resolve));
  await page.route(`**/api/projects/${projectId}/jobs`, async (route) => {
    const poll = ++polls;
    if (poll === 1) return route.fallback();
    if (poll === 2) {
      await hungPollAnswered; // only once the test has seen the job finish
      return route.fulfill({ status: 503, body: "Too late" }).catch(() => {}); // the page gave up on it long ago
    }
    return poll <= 4 ? route.fulfill({ status: 503, body: "Service Unavailable" }) : route.fallback();
  });
  await jobs.getByLabel("Report title").fill("Launch readiness");
  await jobs.getByRole("button", { name: "Run job" }).click();
  await expect(page.getByTestId("job")).toHaveCount(2);
  await watchNewestJob(page, projectId!);
  answerHungPoll();
  expect(polls).toBeGreaterThan(4);
  await page.unroute(`**/api/projects/${projectId}/jobs`);
  const report = await download(page, "report.md");
  expect(report.split("\n")[0]).toBe("# Launch readiness");
  expect(report).toContain("Project: **Orbit study**");

  await captureVariants(page, testInfo, "project-jobs-member");

  // A job held by some other worker mid-run and one that failed, for the screenshots (the worker here claims neither).
  const { error } = await admin().from("jobs").insert([
    { project_id: projectId!, job_type: "export_project", parameters: { format: "csv" }, status: "failed", progress: 60, attempts: 3, locked_by: null, heartbeat_at: null, error_message: "Could not upload members.csv: storage is unavailable.", finished_at: new Date().toISOString() },
    { project_id: projectId!, job_type: "generate_report", parameters: { title: "Weekly summary" }, status: "processing", progress: 40, attempts: 1, locked_by: "elsewhere", heartbeat_at: new Date().toISOString(), error_message: null, finished_at: null },
  ]);
  expect(error).toBeNull();

  // The viewer sees the same jobs and may download, but has no form to run one.
  await viewer.page.goto(`/projects/${projectId}`);
  const viewerJobs = viewer.page.getByRole("region", { name: "Jobs" });
  await expect(viewerJobs.getByTestId("job")).toHaveCount(4);
  await expect(viewerJobs.getByRole("progressbar", { name: "Project report progress" })).toHaveAttribute("aria-valuenow", "40");
  await expect(viewerJobs.getByText("Could not upload members.csv: storage is unavailable.")).toBeVisible();
  await expect(viewerJobs.getByRole("button", { name: "Run job" })).toHaveCount(0);
  await expect(viewerJobs.getByText("Viewers can download files; members run jobs.")).toBeVisible();
  expect((await download(viewer.page, "report.md")).split("\n")[0]).toBe("# Launch readiness");
  await captureVariants(viewer.page, testInfo, "project-jobs-viewer");

  await Promise.all([owner.context.close(), viewer.context.close()]);
});
