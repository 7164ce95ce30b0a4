// Reading jobs and their files as the signed-in user: row level security
// shows members their project's jobs and assets, and storage's policy on
// storage.objects decides who may sign a download URL. Used by the project
// page, the polling route and the download route.
import { projectIdSchema } from "@/lib/projects/schema";
import type { Client, JobStatus } from "@/lib/projects/types";

export const JOB_LIST_LIMIT = 20;
export const ASSETS_BUCKET = "assets";
/** Long enough to start a download, short enough that a copied link goes stale. */
export const SIGNED_URL_SECONDS = 60;

export interface JobAsset {
  id: string;
  fileName: string;
  fileSize: number;
  mimeType: string | null;
}

export interface JobView {
  id: string;
  jobType: string;
  status: JobStatus;
  progress: number;
  parameters: Record<string, unknown>;
  errorMessage: string | null;
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  finishedAt: string | null;
  assets: JobAsset[];
}

export function isActive(job: Pick<JobView, "status">): boolean {
  return job.status === "queued" || job.status === "processing";
}

/** The project's latest jobs, newest first, with their files; empty when the user cannot read the project. */
export async function listJobs(supabase: Client, projectId: string, limit = JOB_LIST_LIMIT): Promise<JobView[]> {
  if (!projectIdSchema.safeParse(projectId).success) return [];
  const { data, error } = await supabase
    .from("jobs")
    .select("id, job_type, status, progress, parameters, error_message, attempts, max_attempts, created_at, finished_at, assets(id, storage_path, file_size, mime_type)")
    .eq("project_id", projectId)
    .order("created_at", { ascending: false })
    .limit(limit);
  if (error) throw new Error(`Could not load the jobs: ${error.message}`);
  return data.map((row) => ({
    id: row.id,
    jobType: row.job_type,
    status: row.status,
    progress: row.progress,
    parameters: (row.parameters ?? {}) as Record<string, unknown>,
    errorMessage: row.error_message,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    assets: row.assets.map((asset) => ({
      id: asset.id,
      fileName: asset.storage_path.split("/").pop()!,
      fileSize: asset.file_size,
      mimeType: asset.mime_type,
    })),
  }));
}

/**
 * A short-lived download URL for one of a job's files, signed with the user's
 * own client (so storage's RLS has the last word), or null when the file does
 * not exist or the user may not read it.
 */
export async function signedDownloadUrl(
  supabase: Client,
  ref: { projectId: string; jobId: string; assetId: string },
): Promise<string | null> {
  const { data: asset, error } = await supabase
    .from("assets")
    .select("storage_path")
    .eq("id", ref.assetId)
    .eq("job_id", ref.jobId)
    .eq("project_id", ref.projectId)
    .maybeSingle();
  if (error) throw new Error(`Could not load the file: ${error.message}`);
  if (!asset) return null;
  const fileName = asset.storage_path.split("/").pop()!;
  const signed = await supabase.storage.from(ASSETS_BUCKET).createSignedUrl(asset.storage_path, SIGNED_URL_SECONDS, { download: fileName });
  if (signed.error) {
    // Storage answers 400/404 "Object not found" when the policy hides it.
    if (/not found/i.test(signed.error.message)) return null;
    throw new Error(`Could not sign the download: ${signed.error.message}`);
  }
  return signed.data.signedUrl;
}
