"use client";
// The job list with live progress. Realtime isn't available on the local
// stack, so while any job is queued or running the panel asks
// /api/projects/<id>/jobs once a second and stops when all are finished. A
// failed poll doesn't end that: the next one is scheduled all the same, and
// a poll that gets no answer is given up after POLL_TIMEOUT_MS, so one hung
// request can't freeze the list.
import { useCallback, useEffect, useState } from "react";
import { JobStatusLabel } from "@/components/projects/badges";
import { exactTime, timeAgo } from "@/components/projects/format";
import { buttonClasses } from "@/components/ui/button";
import { isActive, type JobView } from "@/lib/jobs/queries";
import { isJobType, JOB_TYPE_LABELS } from "@/lib/jobs/schema";
import { JobForm } from "./job-form";

const POLL_MS = 1000;
const POLL_TIMEOUT_MS = 8000;

export function JobsPanel({ projectId, initialJobs, canRun, initialNow }: { projectId: string; initialJobs: JobView[]; canRun: boolean; initialNow: number }) {
  const [jobs, setJobs] = useState(initialJobs);
  const [now, setNow] = useState(initialNow);
  // Counts finished polls, successful or not, so a failed one schedules the next.
  const [polls, setPolls] = useState(0);
  // A job was just created: keep asking until a poll succeeds and shows it.
  const [awaitingNewJob, setAwaitingNewJob] = useState(false);
  const active = jobs.some(isActive);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch(`/api/projects/${projectId}/jobs`, { cache: "no-store", signal: AbortSignal.timeout(POLL_TIMEOUT_MS) });
      if (!response.ok) return; // a signed-out or failed poll leaves the list as it was
      const body = (await response.json()) as { jobs: JobView[] };
      setJobs(body.jobs);
      setNow(Date.now());
      setAwaitingNewJob(false);
    } catch {
      // Offline for a moment, or no answer in time: the next poll tries again.
    } finally {
      setPolls((n) => n + 1);
    }
  }, [projectId]);

  useEffect(() => {
    if (!active && !awaitingNewJob) return;
    const timer = setTimeout(() => void refresh(), POLL_MS);
    return () => clearTimeout(timer);
  }, [active, awaitingNewJob, polls, refresh]);

  const onCreated = useCallback(() => {
    setAwaitingNewJob(true);
    void refresh();
  }, [refresh]);

  return (
    <div className="flex flex-col gap-6">
      {canRun ? <JobForm projectId={projectId} onCreated={onCreated} /> : <p className="text-sm text-muted">Viewers can download files; members run jobs.</p>}
      {jobs.length === 0 ? (
        <div className="rounded-lg border border-dashed border-border px-4 py-8 text-center text-sm text-muted">No jobs yet. Exports and reports you run will appear here.</div>
      ) : (
        <ul aria-label="Jobs" className="flex flex-col divide-y divide-border rounded-lg border border-border">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} projectId={projectId} now={now} />
          ))}
        </ul>
      )}
    </div>
  );
}

function describe(job: JobView): string {
  if (job.jobType === "export_project") return String(job.parameters.format ?? "").toUpperCase();
  if (job.jobType === "generate_report") return `“${String(job.parameters.title ?? "")}”`;
  return "";
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function JobRow({ job, projectId, now }: { job: JobView; projectId: string; now: number }) {
  const label = isJobType(job.jobType) ? JOB_TYPE_LABELS[job.jobType] : job.jobType;
  const detail = describe(job);
  const retrying = job.status === "queued" && job.attempts > 0 && job.errorMessage;
  return (
    <li data-testid="job" data-status={job.status} className="flex flex-col gap-3 px-4 py-3">
      <div className="flex items-start justify-between gap-x-4">
        <div className="min-w-0">
          <p className="font-medium">{label}</p>
          <p className="text-sm break-words text-muted">
            {detail && <>{detail} · </>}
            <time dateTime={job.createdAt} title={exactTime(job.createdAt)}>
              {timeAgo(job.createdAt, now)}
            </time>
          </p>
        </div>
        <span className="shrink-0">
          <JobStatusLabel status={job.status} />
        </span>
      </div>
      {isActive(job) && <ProgressBar value={job.progress} label={`${label} progress`} />}
      {retrying && (
        <p className="text-sm text-muted">
          Attempt {job.attempts} of {job.maxAttempts} failed: {job.errorMessage} It will be retried shortly.
        </p>
      )}
      {(job.status === "failed" || job.status === "partial") && job.errorMessage && (
        <p className="text-sm break-words text-danger">{job.errorMessage}</p>
      )}
      {job.assets.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {job.assets.map((asset) => (
            <a
              key={asset.id}
              href={`/api/projects/${projectId}/jobs/${job.id}/assets/${asset.id}`}
              // Long file names wrap rather than lose their end (the extension) on a phone.
              className={buttonClasses({ variant: "secondary", size: "sm", className: "h-auto min-h-8 max-w-full py-1 whitespace-normal" })}
            >
              <DownloadIcon />
              <span className="min-w-0 break-all">Download {asset.fileName}</span>
              <span className="shrink-0 whitespace-nowrap text-muted">{fileSize(asset.fileSize)}</span>
            </a>
          ))}
        </div>
      )}
    </li>
  );
}

function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <div className="flex items-center gap-3">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        className="h-2 flex-1 overflow-hidden rounded-full bg-surface ring-1 ring-border ring-inset"
      >
        <div className="h-full rounded-full bg-accent transition-[width] duration-500 motion-reduce:transition-none" style={{ width: `${value}%` }} />
      </div>
      <span className="w-10 text-right text-sm text-muted tabular-nums">{value}%</span>
    </div>
  );
}

function DownloadIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 shrink-0 fill-current">
      <path d="M7.25 1.5h1.5v7.19l2.22-2.22 1.06 1.06L8 11.56 3.97 7.53l1.06-1.06 2.22 2.22V1.5ZM2 12.5h12V14H2v-1.5Z" />
    </svg>
  );
}
