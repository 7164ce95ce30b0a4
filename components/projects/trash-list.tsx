"use client";
// Projects in the user's trash, with when each is deleted for good, Restore
// and Delete forever (asks first). The row goes away when either succeeds,
// so what happened is said above the list, which stays.
import { useState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { deleteProjectForeverAction, restoreProjectAction } from "@/lib/projects/actions";
import type { TrashedProject } from "@/lib/projects/queries";
import { ActionButton } from "./action-button";
import { calendarDay, exactTime, timeAgo } from "./format";

export function TrashList({ projects, now }: { projects: TrashedProject[]; now: number }) {
  const [done, setDone] = useState<string | undefined>();
  return (
    <div className="flex flex-col gap-4">
      <FormMessage tone="success">{done}</FormMessage>
      {projects.length > 0 ? (
        <ul aria-label="Deleted projects" className="divide-y divide-border overflow-hidden rounded-xl border border-border bg-bg">
          {projects.map((project) => (
            <li key={project.id} className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p dir="auto" className="truncate font-medium" title={project.name}>
                  {project.name}
                </p>
                <p className="text-sm text-muted">
                  Deleted <time dateTime={project.deletedAt} title={exactTime(project.deletedAt)}>{timeAgo(project.deletedAt, now)}</time>
                  {" · "}gone for good on <time dateTime={project.purgeAt}>{calendarDay(project.purgeAt)}</time>
                </p>
              </div>
              <div className="flex flex-wrap items-start gap-2">
                <ActionButton
                  action={restoreProjectAction}
                  fields={{ projectId: project.id }}
                  label="Restore"
                  pendingLabel="Restoring…"
                  onSuccess={() => setDone(`“${project.name}” is back on your dashboard.`)}
                />
                <ActionButton
                  action={deleteProjectForeverAction}
                  fields={{ projectId: project.id }}
                  label="Delete forever"
                  pendingLabel="Deleting…"
                  variant="danger"
                  confirm="This can't be undone."
                  onSuccess={() => setDone(`“${project.name}” was deleted for good.`)}
                />
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <div className="rounded-xl border border-dashed border-border px-6 py-12 text-center">
          <h2 className="font-medium">The trash is empty</h2>
          <p className="mt-1 text-sm text-muted">Deleted projects show up here, and you can restore them.</p>
        </div>
      )}
    </div>
  );
}
