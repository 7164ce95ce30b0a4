// Small labels for a member's role and a job's status.
import { cn } from "@/components/ui/cn";
import type { JobStatus, ProjectRole } from "@/lib/projects/types";

export const ROLE_LABELS: Record<ProjectRole, string> = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" };

export const ROLE_DESCRIPTIONS: Record<ProjectRole, string> = {
  owner: "Everything, including deleting the project",
  admin: "Edit the project and manage members",
  member: "Run jobs and edit the description",
  viewer: "Read only",
};

const ROLE_STYLES: Record<ProjectRole, string> = {
  owner: "border-accent/40 bg-accent/10 text-accent",
  admin: "border-border bg-surface text-fg",
  member: "border-border bg-surface text-fg",
  viewer: "border-border text-muted",
};

export function RoleBadge({ role, className }: { role: ProjectRole; className?: string }) {
  return (
    <span className={cn("inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium", ROLE_STYLES[role], className)}>
      {ROLE_LABELS[role]}
    </span>
  );
}

const JOB_LABELS: Record<JobStatus, string> = {
  queued: "Queued",
  processing: "Running",
  completed: "Completed",
  failed: "Failed",
  partial: "Partly done",
};

const JOB_DOTS: Record<JobStatus, string> = {
  queued: "bg-muted",
  processing: "bg-accent animate-pulse motion-reduce:animate-none",
  completed: "bg-success",
  failed: "bg-danger",
  partial: "bg-amber-500",
};

export function JobStatusLabel({ status }: { status: JobStatus | null }) {
  if (!status) return <span className="text-sm text-muted">No jobs yet</span>;
  return (
    <span className="inline-flex items-center gap-1.5 text-sm">
      <span aria-hidden="true" className={cn("size-2 rounded-full", JOB_DOTS[status])} />
      {JOB_LABELS[status]}
    </span>
  );
}
