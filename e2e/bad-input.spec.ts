// Bad input at every HTTP entry point, through the real server: malformed,
// unknown and other people's ids in paths, garbage search params, the auth
// link handlers with missing or bogus parameters, wrong methods, and server
// actions posted with missing, mistyped, extra or huge fields or under another
// action's id. Each answer is a 404, a redirect or a specific message (never a
// 500, never a hint that someone else's project exists) and nothing is written.
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { APP_URL } from "./helpers/env.ts";
import { admin, seedProjects, signedInPerson, storedDescription, type Person } from "./projects-helpers.ts";

test.use({ baseURL: APP_URL });

const RANDOM_ID = "3f1c9a52-7d4e-4b8a-9c1e-5a6b7c8d9e0f";

let alice: Person;
let mallory: Person;
/** Alice's project, with one job and its file; Mallory's project, likewise; Alice's trashed project. */
const ids = { mine: "", minesJob: "", minesAsset: "", theirs: "", theirsJob: "", theirsAsset: "", trashed: "" };

async function jobWithFile(projectId: string): Promise<{ jobId: string; assetId: string }> {
  const db = admin();
  const job = await db
    .from("jobs")
    .insert({ project_id: projectId, job_type: "export_project", parameters: { format: "json" }, status: "completed", progress: 100 })
    .select("id")
    .single();
  if (job.error) throw new Error(job.error.message);
  const storagePath = `${projectId}/${job.data.id}/project.json`;
  const upload = await db.storage.from("assets").upload(storagePath, new Blob(["{}"], { type: "application/json" }));
  if (upload.error) throw new Error(upload.error.message);
  const asset = await db
    .from("assets")
    .insert({ project_id: projectId, job_id: job.data.id, asset_type: "export", storage_path: storagePath, file_size: 2, mime_type: "application/json" })
    .select("id")
    .single();
  if (asset.error) throw new Error(asset.error.message);
  return { jobId: job.data.id, assetId: asset.data.id };
}

async function setUp(browser: Browser) {
  [alice, mallory] = await Promise.all([signedInPerson(browser, "alice", "Alice Example"), signedInPerson(browser, "mallory", "Mallory Example")]);
  const [mine, trashed] = await seedProjects(alice.id, [{ name: "Alice's secret plans", description: "mine" }, { name: "Alice's old plans" }]);
  const [theirs] = await seedProjects(mallory.id, [{ name: "Mallory's hideout", description: "theirs" }]);
  Object.assign(ids, { mine, trashed, theirs });
  await admin().from("projects").update({ deleted_at: new Date().toISOString() }).eq("id", ids.trashed);
  const [minesFile, theirsFile] = await Promise.all([jobWithFile(ids.mine), jobWithFile(ids.theirs)]);
  Object.assign(ids, { minesJob: minesFile.jobId, minesAsset: minesFile.assetId, theirsJob: theirsFile.jobId, theirsAsset: theirsFile.assetId });
}

test.beforeAll(async ({ browser }) => setUp(browser));
test.afterAll(async () => Promise.all([alice?.context.close(), mallory?.context.close()]));

/** The 404 page, with no word of what the project is called. */
async function expect404Page(request: APIRequestContext, path: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  expect.soft(response.status(), path.slice(0, 80)).toBe(404);
  const body = await response.text();
  expect.soft(body, path.slice(0, 80)).toContain("find that page");
  for (const secret of ["hideout", "secret plans", "old plans"]) expect.soft(body, path.slice(0, 80)).not.toContain(secret);
}

test("project pages: malformed, unknown, trashed and other people's ids are the same 404", async () => {
  const request = alice.context.request;
  const paths = [
    "/projects/not-a-uuid",
    "/projects/not-a-uuid/members",
    `/projects/${RANDOM_ID}`,
    `/projects/${RANDOM_ID}/members`,
    `/projects/${ids.theirs}`,
    `/projects/${ids.theirs}/members`,
    `/projects/${ids.trashed}`,
    `/projects/${ids.mine}/nope`,
    `/projects/${ids.mine.toUpperCase()}x`,
    "/projects/%00",
    "/projects/%E2%80%AE",
    `/projects/${"9".repeat(5000)}`,
  ];
  for (const path of paths) await expect404Page(request, path);
  await expect404Page(mallory.context.request, `/projects/${ids.mine}`);
  await expect404Page(mallory.context.request, `/projects/${ids.mine}/members`);
  // Her own project still opens, whatever its search params say.
  const own = await request.get(`/projects/${ids.mine}?notice=<script>&notice=x`);
  expect(own.status()).toBe(200);
  expect(await own.text()).not.toContain("Ownership transferred");
});

test("jobs and downloads API: bad ids get a 400, anything not yours a 404, wrong methods a 405", async () => {
  const request = alice.context.request;
  for (const path of ["/api/projects/not-a-uuid/jobs", "/api/projects/%00/jobs"]) {
    const response = await request.get(path);
    expect.soft(response.status(), path).toBe(400);
    expect.soft(await response.json(), path).toEqual({ error: "That is not a valid project id." });
  }
  for (const projectId of [RANDOM_ID, ids.theirs, ids.trashed]) {
    const response = await request.get(`/api/projects/${projectId}/jobs`);
    expect.soft(response.status(), projectId).toBe(404);
    expect.soft(await response.json(), projectId).toEqual({ error: "This project doesn't exist or you don't have access to it." });
  }
  const own = await request.get(`/api/projects/${ids.mine}/jobs`);
  expect(own.status()).toBe(200);
  expect((await own.json()).jobs).toHaveLength(1);

  const asset = (projectId: string, jobId: string, assetId: string) => `/api/projects/${projectId}/jobs/${jobId}/assets/${assetId}`;
  const bad = [
    [asset("not-a-uuid", ids.minesJob, ids.minesAsset), "That is not a valid project id."],
    [asset(ids.mine, "not-a-uuid", ids.minesAsset), "That is not a valid job id."],
    [asset(ids.mine, ids.minesJob, "not-a-uuid"), "That is not a valid file id."],
  ] as const;
  for (const [path, message] of bad) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect.soft(response.status(), path).toBe(400);
    expect.soft(await response.text(), path).toBe(message);
  }
  const notYours = [
    asset(ids.theirs, ids.theirsJob, ids.theirsAsset),
    asset(ids.mine, ids.theirsJob, ids.theirsAsset),
    asset(ids.mine, ids.minesJob, ids.theirsAsset),
    asset(ids.theirs, ids.minesJob, ids.minesAsset),
    asset(ids.mine, RANDOM_ID, ids.minesAsset),
    asset(RANDOM_ID, RANDOM_ID, RANDOM_ID),
  ];
  for (const path of notYours) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect.soft(response.status(), path).toBe(404);
    expect.soft(await response.text(), path).toBe("This file doesn't exist or you don't have access to it.");
  }
  const download = await request.get(asset(ids.mine, ids.minesJob, ids.minesAsset), { maxRedirects: 0 });
  expect(download.status()).toBe(303);

  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    for (const path of [`/api/projects/${ids.mine}/jobs`, asset(ids.mine, ids.minesJob, ids.minesAsset), "/api/health", "/auth/signout", "/auth/confirm", "/auth/callback"]) {
      if (path === "/auth/signout" && method === "POST") continue;
      const response = await request.fetch(path, { method, data: "x".repeat(100), maxRedirects: 0 });
      expect.soft(response.status(), `${method} ${path}`).toBe(405);
      expect.soft(response.headers()["allow"], `${method} ${path}`).toBe(path === "/auth/signout" ? "POST" : "GET, HEAD");
    }
  }
  const webhookGet = await request.get("/api/webhooks/stripe");
  expect.soft(webhookGet.status()).toBe(405);
  expect.soft(webhookGet.headers()["allow"]).toBe("POST");
  const options = await request.fetch(`/api/projects/${ids.mine}/jobs`, { method: "OPTIONS" });
  expect.soft(options.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.head("/api/health")).status()).toBe(200);
  const signoutGet = await request.get("/auth/signout");
  expect(signoutGet.status()).toBe(405);
  expect(signoutGet.headers()["allow"]).toBe("POST");
  // Still signed in after all that.
  expect((await request.get("/dashboard", { maxRedirects: 0 })).status()).toBe(200);
});

test("dashboard, billing and settings search params: garbage is ignored, never a 500", async () => {
  const request = alice.context.request;
  const queries = [
    "page=abc", "page=0", "page=-1", "page=1e9", "page=2.5", `page=${"9".repeat(400)}`, "page=1&page=2", "page=%00", "page=0x10", "page=Infinity",
    "q=%25", "q=_", "q=%5C", "q=%27%22", "q=%F0%9F%9A%80", "q=%E2%80%AE%D7%A9%D7%9C%D7%95%D7%9D", "q=%00", "q=a%00b", `q=${"x".repeat(5000)}`,
    "q=a&q=b", "q[]=x", "q=%", "q=%ZZ", "deleted=not-a-uuid", `deleted=${RANDOM_ID}`, `deleted=${ids.theirs}`, `deleted=${ids.mine}`,
    "deleted=%00", "notice=<b>hi</b>", "notice=left_project&notice=x",
  ];
  for (const query of queries) {
    const response = await request.get(`/dashboard?${query}`, { maxRedirects: 0 });
    expect.soft([200, 307], `/dashboard?${query}`).toContain(response.status());
    const body = await response.text();
    expect.soft(body, query).not.toContain("Mallory");
    expect.soft(body, query).not.toContain("moved to the trash");
  }
  // Search is literal: % and _ match nothing here; the trashed project's toast needs the trashed id.
  expect(await (await request.get("/dashboard?q=%25")).text()).toContain("No projects match");
  expect(await (await request.get("/dashboard?q=_")).text()).toContain("No projects match");
  // Longer than any name can be: nothing matches (it used to be dropped, listing every project).
  expect(await (await request.get(`/dashboard?q=${"x".repeat(5000)}`)).text()).toContain("No projects match");
  expect(await (await request.get(`/dashboard?deleted=${ids.trashed}`)).text()).toContain("Alice&#x27;s old plans");

  for (const query of ["checkout=garbage", "checkout=success&checkout=cancelled", "success=true", "canceled=1", "session_id=%00", "checkout[]=success"]) {
    const response = await request.get(`/billing?${query}`);
    expect.soft(response.status(), query).toBe(200);
    const body = await response.text();
    expect.soft(body, query).not.toContain("Checkout canceled");
  }
  for (const query of ["notice=nope", "notice=__proto__", "notice=constructor", "error=%00", "error=nope"]) {
    const response = await request.get(`/settings?${query}`);
    expect.soft(response.status(), query).toBe(200);
  }
  for (const query of ["interval=%00", "interval=year&interval=month", "interval[]=year"]) {
    expect.soft((await request.get(`/pricing?${query}`)).status(), query).toBe(200);
  }
});

test("auth link handlers: missing, empty and bogus parameters go to a page that says so", async ({ request }) => {
  const cases: Array<[string, RegExp]> = [
    ["/auth/confirm", /^\/login\?error=link_expired/],
    ["/auth/confirm?token_hash=&type=", /^\/login\?error=link_expired/],
    ["/auth/confirm?token_hash=bogus&type=admin", /^\/login\?error=link_expired/],
    ["/auth/confirm?token_hash=bogus&type=signup", /^\/login\?error=link_expired/],
    ["/auth/confirm?token_hash=bogus&type=recovery", /^\/forgot-password\?error=link_expired/],
    ["/auth/confirm?token_hash=bogus&type=email_change", /^\/settings\?error=link_expired/],
    [`/auth/confirm?token_hash=${"a".repeat(5000)}&type=signup`, /^\/login\?error=link_expired/],
    ["/auth/confirm?token_hash=%00&type=signup", /^\/login\?error=link_expired/],
    ["/auth/confirm?token_hash=bogus&type=signup&type=recovery", /^\/forgot-password\?error=link_expired/], // the last value counts
    ["/auth/confirm?code=garbage", /^\/login\?error=link_(expired|other_browser)/],
    ["/auth/confirm?type=signup&next=https://evil.example", /^\/login\?error=link_expired&next=%2Fdashboard$/],
    ["/auth/callback", /^\/login\?error=link_expired/],
    ["/auth/callback?code=", /^\/login\?error=link_expired/],
    ["/auth/callback?code=garbage", /^\/login\?error=link_(expired|other_browser)/],
    ["/auth/callback?code=%00", /^\/login\?error=link_(expired|other_browser)/],
    ["/auth/callback?error=access_denied&error_description=Denied%20by%20%3Cb%3Euser%3C%2Fb%3E", /^\/login\?error=link_expired/],
    ["/auth/callback?code=x&error=server_error&error_code=unexpected_failure", /^\/login\?error=link_expired/],
    ["/auth/callback?code=garbage&next=//evil.example", /^\/login\?error=link_(expired|other_browser)&next=%2Fdashboard$/],
  ];
  for (const [path, location] of cases) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect.soft(response.status(), path).toBe(307);
    expect.soft(response.headers()["location"] ?? "", path).toMatch(location);
  }
  // The login page shows its own text, never the error_description from the URL.
  const login = await request.get("/login?error=access_denied&error_description=Denied%20by%20mallory");
  expect(login.status()).toBe(200);
  expect(await login.text()).not.toContain("Denied by mallory");
});

// ---------------------------------------------------------------------------
// Server actions, posted the way React's client posts them.

/** Server action ids of this build, by exported name. */
function actionIds(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { exportedName: string }>;
  };
  return Object.fromEntries(Object.entries(manifest.node).map(([id, entry]) => [entry.exportedName, id]));
}

type Field = string | { name: string; mimeType: string; buffer: Buffer };

/** A call of a (previousState, formData) action with these fields, as `useActionState` sends it. */
async function callAction(request: APIRequestContext, path: string, actionId: string, fields: Array<[string, Field]>) {
  // React's encoding: the form's entries as _1_<name>, then the arguments as part 0, which must come last.
  const multipart = new FormData();
  for (const [name, value] of fields) {
    if (typeof value === "string") multipart.append(`_1_${name}`, value);
    else multipart.append(`_1_${name}`, new Blob([new Uint8Array(value.buffer)], { type: value.mimeType }), value.name);
  }
  multipart.append("0", JSON.stringify([{}, "$K1"]));
  const response = await request.post(path, { headers: { "next-action": actionId, accept: "text/x-component" }, multipart, maxRedirects: 0 });
  return { status: response.status(), text: await response.text() };
}

async function projectCount(ownerId: string): Promise<number> {
  const { count } = await admin().from("projects").select("id", { count: "exact", head: true }).eq("owner_id", ownerId);
  return count ?? 0;
}

async function jobCount(projectId: string): Promise<number> {
  const { count } = await admin().from("jobs").select("id", { count: "exact", head: true }).eq("project_id", projectId);
  return count ?? 0;
}

test("server actions: missing, mistyped, extra and huge fields get specific messages and write nothing", async () => {
  const actions = actionIds();
  const request = alice.context.request;
  const before = { projects: await projectCount(alice.id), jobs: await jobCount(ids.mine), theirsJobs: await jobCount(ids.theirs) };
  const create = (fields: Array<[string, Field]>) => callAction(request, "/dashboard", actions.createProjectAction!, fields);

  const cases: Array<[Array<[string, Field]>, string]> = [
    [[], "Enter a project name."],
    [[["name", ""]], "Enter a project name."],
    [[["name", "x".repeat(81)]], "Keep the name to 80 characters or fewer."],
    [[["name", "x".repeat(200_000)]], "Keep the name to 80 characters or fewer."],
    [[["name", "a\u0000b"]], "The name can't contain line breaks or control characters."],
    [[["name", "ok"], ["description", "d".repeat(2001)]], "Keep the description to 2000 characters or fewer."],
    [[["name", "a"], ["name", "b"]], "Enter a project name."],
    [[["name", { name: "name.txt", mimeType: "text/plain", buffer: Buffer.from("hello") }]], "Enter a project name."],
  ];
  for (const [fields, message] of cases) {
    const result = await create(fields);
    expect.soft(result.status, JSON.stringify(fields).slice(0, 80)).toBe(200);
    expect.soft(result.text, JSON.stringify(fields).slice(0, 80)).toContain(message);
  }

  // Someone else's project, an unknown one, a malformed id: refused with the same message.
  for (const projectId of [ids.theirs, RANDOM_ID]) {
    const update = await callAction(request, `/projects/${ids.mine}`, actions.updateProjectAction!, [["projectId", projectId], ["description", "pwned"]]);
    expect.soft(update.text, projectId).toContain("This project doesn't exist or you don&#x27;t have access to it.".replace("&#x27;", "'"));
    const job = await callAction(request, `/projects/${ids.mine}`, actions.createJobAction!, [["projectId", projectId], ["jobType", "export_project"], ["format", "csv"]]);
    expect.soft(job.text, projectId).toContain("Only members, admins and the owner can run jobs in this project.");
  }
  const malformed = await callAction(request, `/projects/${ids.mine}`, actions.updateProjectAction!, [["projectId", "not-a-uuid"], ["description", "x"]]);
  expect.soft(malformed.text).toContain("That is not a valid project id.");
  const jobType = await callAction(request, `/projects/${ids.mine}`, actions.createJobAction!, [["projectId", ids.mine], ["jobType", "drop_tables"]]);
  expect.soft(jobType.text).toContain("Choose what to run: an export or a report.");
  const extra = await callAction(request, `/projects/${ids.mine}`, actions.createJobAction!, [
    ["projectId", ids.mine], ["jobType", "export_project"], ["format", "xml"], ["title", "x"], ["parameters", "{}"],
  ]);
  expect.soft(extra.text).toContain("Choose JSON or CSV.");
  const role = await callAction(request, `/projects/${ids.mine}/members`, actions.inviteMemberAction!, [["projectId", ids.mine], ["email", mallory.email], ["role", "owner"]]);
  expect.soft(role.text).toContain("Choose admin, member or viewer.");
  const transfer = await callAction(request, `/projects/${ids.mine}`, actions.transferOwnershipAction!, [["projectId", ids.mine], ["newOwnerId", RANDOM_ID]]);
  expect.soft(transfer.text).toContain("Ownership can only go to a member of this project.");
  const checkout = await callAction(request, "/billing", actions.createCheckoutSession!, [["plan", "free"], ["interval", "week"]]);
  expect.soft(checkout.text).toContain("Choose a paid plan: pro, studio or enterprise.");

  // Another action's fields under the create action's id, and an id no action has.
  const crossed = await create([["projectId", ids.mine], ["jobType", "export_project"], ["format", "csv"]]);
  expect.soft(crossed.text).toContain("Enter a project name.");
  // A body that is no form: plain text, arguments without the form, over the 1 MB limit.
  const post = (data: string, headers: Record<string, string> = {}) =>
    request.post("/dashboard", { headers: { "next-action": actions.createProjectAction!, accept: "text/x-component", ...headers }, data, maxRedirects: 0 });
  const noForm = await post(JSON.stringify([{}]), { "content-type": "text/plain;charset=UTF-8" });
  expect.soft(noForm.status(), "no form").toBeLessThan(500);
  expect.soft(await noForm.text(), "no form").toContain("This form could not be read. Reload the page and try again.");
  const json = await post(JSON.stringify({ name: "x" }), { "content-type": "application/json" });
  expect.soft(json.status(), "json body").toBeLessThan(500);
  const huge = await create([["name", "x".repeat(2 * 1024 * 1024)]]);
  expect.soft(huge.status, "2 MB").toBe(413);
  expect.soft(huge.text, "2 MB").toBe("This form is too large to send (the limit is 1 MB).");

  const unknown = await callAction(request, "/dashboard", "00".repeat(21), [["name", "x"]]);
  expect.soft(unknown.status).toBeGreaterThanOrEqual(400);
  expect.soft(unknown.status).toBeLessThan(500);

  expect(await projectCount(alice.id)).toBe(before.projects);
  expect(await jobCount(ids.mine)).toBe(before.jobs);
  expect(await jobCount(ids.theirs)).toBe(before.theirsJobs);
  expect(await storedDescription(ids.theirs)).toBe("theirs");
  expect(await storedDescription(ids.mine)).toBe("mine");
});

test("server actions posted as a plain form (no JavaScript) under any action's id: a message, not a 500", async () => {
  const actions = actionIds();
  const request = alice.context.request;
  const before = await projectCount(alice.id);
  for (const [name, path] of [["createProjectAction", "/dashboard"], ["updateProjectAction", `/projects/${ids.mine}`], ["createJobAction", `/projects/${ids.mine}`]] as const) {
    const response = await request.post(path, {
      headers: { origin: APP_URL },
      multipart: { [`$ACTION_ID_${actions[name]!}`]: "", name: "From a plain form", projectId: ids.mine, description: "plain", jobType: "export_project", format: "csv" },
      maxRedirects: 0,
    });
    expect.soft(response.status(), name).toBeLessThan(500);
  }
  expect(await projectCount(alice.id)).toBe(before);
  expect(await storedDescription(ids.mine)).toBe("mine");
  expect(await jobCount(ids.mine)).toBe(1);
});
