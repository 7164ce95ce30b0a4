// What happens after a project is gone for good, run by the job worker with
// the service role (lib/jobs/worker.ts calls both now and then):
//   purgeTrash: deletes projects trashed more than 30 days ago;
//   sweepDeletedProjectFiles: removes deleted projects' files from the assets
//     bucket. Storage objects can only be removed through the Storage API, so
//     a trigger queues a sweep for every deleted project and this drains it
//     (supabase/migrations/*_project_file_sweeps.sql).
import { ASSETS_BUCKET } from "@/lib/jobs/queries";
import type { Client } from "./types";

/** Storage's bulk delete takes at most 1000 names per call. */
const REMOVE_BATCH = 1000;

/** Permanently deletes projects trashed longer than `olderThan`; returns their ids. */
export async function purgeTrash(client: Client, olderThan = "30 days"): Promise<string[]> {
  const { data, error } = await client.rpc("purge_deleted_projects", { p_older_than: olderThan });
  if (error) throw new Error(`purge_deleted_projects: ${error.message}`);
  return data;
}

export interface SweepResult {
  projects: number;
  filesRemoved: number;
  failed: number;
}

/** Removes the files of up to `limit` deleted projects; a failed sweep is retried later with backoff. */
export async function sweepDeletedProjectFiles(client: Client, limit = 10): Promise<SweepResult> {
  const { data: sweeps, error } = await client.rpc("claim_project_file_sweeps", { p_limit: limit });
  if (error) throw new Error(`claim_project_file_sweeps: ${error.message}`);
  const result: SweepResult = { projects: sweeps.length, filesRemoved: 0, failed: 0 };
  for (const sweep of sweeps) {
    const failure = await removeFiles(client, sweep.paths);
    if (failure) result.failed++;
    else result.filesRemoved += sweep.paths.length;
    const finished = await client.rpc("finish_project_file_sweep", {
      p_project_id: sweep.project_id,
      ...(failure ? { p_error: failure } : {}),
    });
    if (finished.error) throw new Error(`finish_project_file_sweep: ${finished.error.message}`);
  }
  return result;
}

/** Null when every file is gone, else the Storage error. */
async function removeFiles(client: Client, paths: string[]): Promise<string | null> {
  for (let start = 0; start < paths.length; start += REMOVE_BATCH) {
    const { error } = await client.storage.from(ASSETS_BUCKET).remove(paths.slice(start, start + REMOVE_BATCH));
    if (error) return error.message;
  }
  return null;
}
