// The job worker: a loop any number of processes can run at once. Each turn it
// claims one runnable job with public.claim_jobs (FOR UPDATE SKIP LOCKED, so
// two workers never get the same job), runs its handler while sending
// heartbeats and progress, uploads the files to the `assets` bucket, records
// them in public.assets and marks the job completed, partial or failed. A
// failure is retried with exponential backoff (run_after) until max_attempts;
// a worker that dies mid-job is covered by requeue_stale_jobs, which every
// worker calls now and then, along with the project clean-up (removing the
// files of deleted projects, purging the trash: lib/projects/cleanup.ts).
// stop() finishes the current job, or, after a grace period, aborts it and
// puts it back in the queue for another worker.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { purgeTrash, sweepDeletedProjectFiles } from "@/lib/projects/cleanup";
import type { Client } from "@/lib/projects/types";
import type { Database, Json } from "@/lib/supabase/database.types";
import { HANDLERS, PermanentJobError, type ClaimedJob, type HandlerContext, type JobFile, type JobHandler } from "./handlers";
import { ASSETS_BUCKET } from "./queries";

export interface WorkerOptions {
  /** A service-role client (lib/jobs/worker-client.ts). */
  client: Client;
  /** Job type → handler; the worker claims only these types. */
  handlers?: Record<string, JobHandler>;
  workerId?: string;
  /** Sleep between polls of an empty queue. */
  idleMs?: number;
  heartbeatMs?: number;
  /** First retry delay; doubles per attempt, at most an hour. */
  retryBaseMs?: number;
  /** Pause after each progress report (see JOB_STEP_DELAY_MS). */
  stepDelayMs?: number;
  /** How long stop() lets the current job finish before aborting and requeueing it. */
  stopGraceMs?: number;
  /** How often to requeue stale jobs (no heartbeat for `staleAfter`) and sweep deleted projects' files. */
  housekeepingEveryMs?: number;
  staleAfter?: string;
  /** How often to purge projects trashed longer than `trashRetention` (a Postgres interval, 30 days by default). */
  purgeEveryMs?: number;
  trashRetention?: string;
  log?: (line: string) => void;
}

const ERROR_MESSAGE_MAX = 2000;

export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(60 * 60_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.trim() || "The job failed without a message.").slice(0, ERROR_MESSAGE_MAX);
}

class StopRequested extends Error {}

export class JobWorker {
  readonly id: string;
  private readonly client: Client;
  private readonly handlers: Record<string, JobHandler>;
  private readonly options: Required<Omit<WorkerOptions, "client" | "handlers" | "workerId">>;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private current: { controller: AbortController; done: Promise<void> } | null = null;

  constructor({ client, handlers = HANDLERS, workerId, ...options }: WorkerOptions) {
    this.client = client;
    this.handlers = handlers;
    this.id = workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.options = {
      idleMs: 1000,
      heartbeatMs: 10_000,
      retryBaseMs: 30_000,
      stepDelayMs: 0,
      stopGraceMs: 15_000,
      housekeepingEveryMs: 60_000,
      staleAfter: "5 minutes",
      purgeEveryMs: 60 * 60_000,
      trashRetention: "30 days",
      log: (line) => console.log(line),
      ...options,
    };
  }

  /** Runs the loop until stop(). */
  start(): this {
    this.loopDone ??= this.loop();
    return this;
  }

  /** Finishes (or after the grace period releases) the current job, then ends the loop. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    const current = this.current;
    if (current) {
      const finished = await Promise.race([current.done.then(() => true), this.sleep(this.options.stopGraceMs, false).then(() => false)]);
      if (!finished) current.controller.abort(new StopRequested("The worker is stopping."));
      await current.done;
    }
    await this.loopDone;
  }

  private async loop(): Promise<void> {
    let lastHousekeeping = 0;
    let lastPurge = 0;
    while (!this.stopping) {
      try {
        if (Date.now() - lastHousekeeping >= this.options.housekeepingEveryMs) {
          lastHousekeeping = Date.now();
          const purge = Date.now() - lastPurge >= this.options.purgeEveryMs;
          if (purge) lastPurge = Date.now();
          await this.housekeeping({ purge });
        }
        if (await this.runOnce()) continue;
      } catch (error) {
        // The database being away is no reason to exit; try again after a pause.
        this.options.log(`[worker ${this.id}] ${messageOf(error)}`);
      }
      await this.sleep(this.options.idleMs);
    }
  }

  /** Requeues stale jobs, removes deleted projects' files and, with `purge`, empties old trash. */
  async housekeeping({ purge }: { purge: boolean }): Promise<void> {
    const log = (line: string) => this.options.log(`[worker ${this.id}] ${line}`);
    const { data: requeued, error } = await this.client.rpc("requeue_stale_jobs", { p_stale_after: this.options.staleAfter });
    if (error) throw new Error(`requeue_stale_jobs: ${error.message}`);
    if (requeued) log(`requeued ${requeued} stale job(s)`);
    // Purged projects queue their own file sweeps, so purge first.
    if (purge) {
      const purged = await purgeTrash(this.client, this.options.trashRetention);
      if (purged.length > 0) log(`purged ${purged.length} project(s) trashed over ${this.options.trashRetention} ago`);
    }
    const swept = await sweepDeletedProjectFiles(this.client);
    if (swept.projects > 0) {
      log(`removed ${swept.filesRemoved} file(s) of ${swept.projects - swept.failed} deleted project(s)` + (swept.failed ? `; ${swept.failed} to retry` : ""));
    }
  }

  /** Claims and runs at most one job; true when there was one. */
  async runOnce(): Promise<boolean> {
    if (this.stopping && this.loopDone) return false;
    const { data, error } = await this.client.rpc("claim_jobs", {
      p_worker_id: this.id,
      p_limit: 1,
      p_job_types: Object.keys(this.handlers),
    });
    if (error) throw new Error(`claim_jobs: ${error.message}`);
    const job = data[0];
    if (!job) return false;
    const controller = new AbortController();
    const done = this.process(job, controller.signal);
    this.current = { controller, done };
    try {
      await done;
    } finally {
      this.current = null;
    }
    return true;
  }

  private async process(job: ClaimedJob, signal: AbortSignal): Promise<void> {
    const log = (line: string) => this.options.log(`[worker ${this.id}] ${job.job_type} ${job.id}: ${line}`);
    log(`attempt ${job.attempts} of ${job.max_attempts}`);
    const heartbeat = setInterval(() => void this.update(job.id, { heartbeat_at: new Date().toISOString() }), this.options.heartbeatMs);
    try {
      const context: HandlerContext = {
        client: this.client,
        signal,
        progress: async (percent) => {
          signal.throwIfAborted();
          const progress = Math.max(0, Math.min(99, Math.round(percent)));
          await this.update(job.id, { progress, heartbeat_at: new Date().toISOString() });
          await this.sleep(this.options.stepDelayMs, false, signal);
          signal.throwIfAborted();
        },
      };
      const output = await this.handlers[job.job_type]!(job, context);
      signal.throwIfAborted();
      await this.store(job, output.files);
      const status = output.partial ? "partial" : "completed";
      const finished = await this.update(job.id, {
        status,
        progress: 100,
        result: output.result as Json,
        error_message: null,
        finished_at: new Date().toISOString(),
        ...RELEASED,
      });
      log(finished ? status : "finished, but the job was no longer ours (requeued as stale?)");
    } catch (error) {
      await this.failed(job, error, signal, log);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Uploads each file to <project_id>/<job_id>/<name> and records it; a retry replaces what an earlier attempt stored. */
  private async store(job: ClaimedJob, files: JobFile[]) {
    const removed = await this.client.from("assets").delete().eq("job_id", job.id);
    if (removed.error) throw new Error(`Could not clear earlier files: ${removed.error.message}`);
    const rows = [];
    for (const file of files) {
      if (!/^[^/\\]+$/.test(file.name) || file.name === "." || file.name === "..") throw new PermanentJobError(`Bad file name: ${file.name}`);
      const bytes = typeof file.body === "string" ? new TextEncoder().encode(file.body) : file.body;
      const path = `${job.project_id}/${job.id}/${file.name}`;
      const uploaded = await this.client.storage.from(ASSETS_BUCKET).upload(path, bytes, { contentType: file.mimeType, upsert: true });
      if (uploaded.error) throw new Error(`Could not upload ${file.name}: ${uploaded.error.message}`);
      rows.push({
        job_id: job.id,
        project_id: job.project_id,
        user_id: job.user_id,
        asset_type: file.assetType,
        storage_path: path,
        file_size: bytes.byteLength,
        mime_type: file.mimeType,
      });
    }
    if (rows.length === 0) return;
    const inserted = await this.client.from("assets").insert(rows);
    if (inserted.error) throw new Error(`Could not record the files: ${inserted.error.message}`);
  }

  private async failed(job: ClaimedJob, error: unknown, signal: AbortSignal, log: (line: string) => void) {
    if (signal.aborted && signal.reason instanceof StopRequested) {
      // Not the job's fault: give the attempt back so another worker runs it now.
      await this.update(job.id, { status: "queued", progress: 0, attempts: job.attempts - 1, run_after: new Date().toISOString(), ...RELEASED });
      log("released (worker stopping)");
      return;
    }
    const message = messageOf(error);
    const retry = !(error instanceof PermanentJobError) && job.attempts < job.max_attempts;
    if (retry) {
      const runAfter = new Date(Date.now() + retryDelayMs(job.attempts, this.options.retryBaseMs)).toISOString();
      await this.update(job.id, { status: "queued", progress: 0, error_message: message, run_after: runAfter, ...RELEASED });
      log(`failed, retrying after ${runAfter}: ${message}`);
    } else {
      await this.update(job.id, { status: "failed", error_message: message, finished_at: new Date().toISOString(), ...RELEASED });
      log(`failed for good: ${message}`);
    }
  }

  /** Updates the job only while this worker holds it; false when it no longer does. */
  private async update(jobId: string, changes: JobChanges): Promise<boolean> {
    const { data, error } = await this.client
      .from("jobs")
      .update(changes)
      .eq("id", jobId)
      .eq("locked_by", this.id)
      .eq("status", "processing")
      .select("id");
    if (error) {
      this.options.log(`[worker ${this.id}] could not update job ${jobId}: ${error.message}`);
      return false;
    }
    return data.length > 0;
  }

  /** Waits ms, or less when woken by stop() (if wakeable) or the signal aborts. */
  private sleep(ms: number, wakeable = true, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", finish);
        if (wakeable && this.wake === finish) this.wake = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      signal?.addEventListener("abort", finish, { once: true });
      if (wakeable) this.wake = finish;
    });
  }
}

const RELEASED = { locked_by: null, locked_at: null, heartbeat_at: null } as const;

type JobChanges = Database["public"]["Tables"]["jobs"]["Update"];
