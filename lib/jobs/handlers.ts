// What each job type does. A handler reads what it needs with the worker's
// service-role client (always scoped to the job's own project: the member's
// right to ask was checked by RLS when the job was created), reports progress
// and returns the files to store; lib/jobs/worker.ts uploads them and records
// the outcome. No network beyond the database: everything is made here.
import type { Client } from "@/lib/projects/types";
import type { z } from "zod";
import { JOB_PARAMETERS, type JobType } from "./schema";

export interface JobFile {
  /** File name inside <project_id>/<job_id>/; no slashes. */
  name: string;
  body: string | Uint8Array;
  mimeType: string;
  /** How the app labels it (assets.asset_type): report, export... */
  assetType: string;
}

export interface HandlerOutput {
  files: JobFile[];
  /** A JSON summary stored in jobs.result. */
  result: Record<string, unknown>;
  /** Some outputs are missing: the job ends as `partial` instead of `completed`. */
  partial?: boolean;
}

export interface HandlerContext {
  client: Client;
  /** Records progress (0-99; the worker sets 100 when the files are stored) and waits the step delay. */
  progress(percent: number): Promise<void>;
  /** Aborted when the worker is told to stop and the grace period is over. */
  signal: AbortSignal;
}

export interface ClaimedJob {
  id: string;
  project_id: string;
  user_id: string | null;
  job_type: string;
  parameters: unknown;
  attempts: number;
  max_attempts: number;
}

export type JobHandler = (job: ClaimedJob, context: HandlerContext) => Promise<HandlerOutput>;

/** A failure retrying cannot fix (bad parameters, a deleted project): the job fails at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** Parses the stored parameters with the type's schema, as the create action did. */
function parameters<T extends JobType>(type: T, job: ClaimedJob): z.output<(typeof JOB_PARAMETERS)[T]> {
  const schema: z.ZodType = JOB_PARAMETERS[type];
  const parsed = schema.safeParse(job.parameters);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "parameters"}: ${issue.message}`);
    throw new PermanentJobError(`Invalid parameters for ${type}: ${issues.join("; ")}`);
  }
  return parsed.data as z.output<(typeof JOB_PARAMETERS)[T]>;
}

interface ProjectData {
  project: { id: string; name: string; description: string; created_at: string };
  members: Array<{ name: string | null; email: string | null; role: string; joined_at: string }>;
  jobs: Array<{ job_type: string; status: string; created_at: string }>;
}

async function loadProjectData(client: Client, projectId: string, context: HandlerContext): Promise<ProjectData> {
  const project = await client
    .from("projects")
    .select("id, name, description, created_at")
    .eq("id", projectId)
    .is("deleted_at", null)
    .maybeSingle();
  if (project.error) throw new Error(`Could not read the project: ${project.error.message}`);
  if (!project.data) throw new PermanentJobError("The project no longer exists or is in the trash.");
  await context.progress(25);

  const members = await client
    .from("project_members")
    .select("role, created_at, users(name, email)")
    .eq("project_id", projectId)
    .order("created_at");
  if (members.error) throw new Error(`Could not read the members: ${members.error.message}`);
  await context.progress(50);

  const jobs = await client.from("jobs").select("job_type, status, created_at").eq("project_id", projectId).order("created_at");
  if (jobs.error) throw new Error(`Could not read the jobs: ${jobs.error.message}`);
  await context.progress(75);

  return {
    project: project.data,
    members: members.data.map((m) => ({ name: m.users?.name ?? null, email: m.users?.email ?? null, role: m.role, joined_at: m.created_at })),
    jobs: jobs.data,
  };
}

/** One CSV cell: quoted when needed, and a leading = + - @ neutralised so spreadsheets don't run it as a formula. */
export function csvCell(value: string | null): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const exportProject: JobHandler = async (job, context) => {
  const { format } = parameters("export_project", job);
  const data = await loadProjectData(context.client, job.project_id, context);
  const file: JobFile =
    format === "json"
      ? { name: "project-export.json", body: `${JSON.stringify({ exported_at: new Date().toISOString(), ...data }, null, 2)}\n`, mimeType: "application/json", assetType: "export" }
      : {
          name: "members.csv",
          body: [
            "name,email,role,joined_at",
            ...data.members.map((m) => [m.name, m.email, m.role, m.joined_at].map(csvCell).join(",")),
          ].join("\r\n") + "\r\n",
          mimeType: "text/csv",
          assetType: "export",
        };
  return { files: [file], result: { format, members: data.members.length, jobs: data.jobs.length } };
};

/** Markdown text that cannot open a heading, list, link or HTML tag of its own. */
function markdownText(value: string): string {
  return value.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, "\\$1");
}

function countBy<T>(items: T[], key: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const generateReport: JobHandler = async (job, context) => {
  const { title } = parameters("generate_report", job);
  const { project, members, jobs } = await loadProjectData(context.client, job.project_id, context);
  const lines = [
    `# ${markdownText(title)}`,
    "",
    `Project: **${markdownText(project.name)}**  `,
    `Created: ${project.created_at.slice(0, 10)}  `,
    `Generated: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    ...(project.description ? [markdownText(project.description), ""] : []),
    `## Members (${members.length})`,
    "",
    ...countBy(members, (m) => m.role).map(([role, count]) => `- ${role}: ${count}`),
    "",
    `## Jobs (${jobs.length})`,
    "",
    ...countBy(jobs, (j) => j.status).map(([status, count]) => `- ${status}: ${count}`),
    "",
  ];
  return {
    files: [{ name: "report.md", body: lines.join("\n"), mimeType: "text/markdown", assetType: "report" }],
    result: { title, members: members.length, jobs: jobs.length },
  };
};

export const HANDLERS: Record<JobType, JobHandler> = {
  export_project: exportProject,
  generate_report: generateReport,
};
