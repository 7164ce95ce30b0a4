// The dashboard's rows: name and description, the user's role, members, the
// latest job and when it last changed. One list for every width: columns
// from `sm` up, stacked details below.
import Link from "next/link";
import type { DashboardProject } from "@/lib/projects/queries";
import { JobStatusLabel, RoleBadge } from "./badges";
import { exactTime, timeAgo } from "./format";

const COLUMNS = "sm:grid sm:grid-cols-[minmax(0,1fr)_5.5rem_5.5rem_7.5rem_7.5rem] sm:items-center sm:gap-4";

export function ProjectList({ projects, now }: { projects: DashboardProject[]; now: number }) {
  return (
    <div className="overflow-hidden rounded-xl border border-border bg-bg">
      <div aria-hidden="true" className={`hidden border-b border-border bg-surface/60 px-4 py-2 text-xs font-medium text-muted ${COLUMNS}`}>
        <span>Name</span>
        <span>Your role</span>
        <span>Members</span>
        <span>Last job</span>
        <span>Updated</span>
      </div>
      <ul aria-label="Projects" className="divide-y divide-border">
        {projects.map((project) => (
          <li key={project.id} className={`relative px-4 py-3 transition hover:bg-surface/60 ${COLUMNS}`}>
            <div className="min-w-0">
              <Link
                href={`/projects/${project.id}`}
                dir="auto"
                title={project.name}
                className="block truncate font-medium after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:rounded-sm focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-accent"
              >
                {project.name}
              </Link>
              {project.description && (
                <p dir="auto" className="truncate text-sm text-muted">
                  {project.description}
                </p>
              )}
            </div>
            <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm sm:contents">
              <span>
                <span className="sr-only">Your role: </span>
                <RoleBadge role={project.role} />
              </span>
              <span className="text-muted sm:text-fg">
                {project.memberCount} {project.memberCount === 1 ? "member" : "members"}
              </span>
              <span>
                <span className="sr-only">Last job: </span>
                <JobStatusLabel status={project.lastJobStatus} />
              </span>
              <span className="text-muted">
                <span className="sr-only">Updated </span>
                <time dateTime={project.updatedAt} title={exactTime(project.updatedAt)}>
                  {timeAgo(project.updatedAt, now)}
                </time>
              </span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
