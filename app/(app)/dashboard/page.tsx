import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CreateProjectForm } from "@/components/projects/create-project-form";
import { dashboardHref, Pagination } from "@/components/projects/pagination";
import { PlanUsage, UPGRADE_HREF } from "@/components/projects/plan-usage";
import { ProjectList } from "@/components/projects/project-list";
import { ProjectSearch } from "@/components/projects/project-search";
import { UndoDeleteToast } from "@/components/projects/undo-toast";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { getViewer } from "@/lib/auth/queries";
import { requestTime } from "@/lib/projects/loaders";
import { countTrash, getPlanUsage, getTrashedProjectName, listDashboardProjects } from "@/lib/projects/queries";
import { dashboardParamsSchema } from "@/lib/projects/schema";
import { createClient } from "@/lib/supabase/server";

export const metadata: Metadata = { title: "Dashboard" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const [viewer, raw] = await Promise.all([getViewer(), searchParams]);
  if (!viewer) redirect("/login?next=/dashboard");
  const { q, page } = dashboardParamsSchema.parse({ q: first(raw.q), page: first(raw.page) });
  const deletedId = first(raw.deleted);

  const supabase = await createClient();
  const [list, usage, trashCount, deletedName] = await Promise.all([
    listDashboardProjects(supabase, { q, page }),
    getPlanUsage(supabase, viewer.id),
    countTrash(supabase, viewer.id),
    deletedId ? getTrashedProjectName(supabase, deletedId) : null,
  ]);
  // Past the last page (a stale link, or its projects were deleted): go to the last one.
  if (list.projects.length === 0 && list.total > 0) redirect(dashboardHref({ q, page: list.pageCount }));

  const noProjectsAtAll = list.total === 0 && q === "";
  const now = requestTime();

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="flex min-w-0 flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
          <p className="text-sm text-muted">Your projects and the ones shared with you.</p>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          {trashCount > 0 && (
            <Link
              href="/projects/trash"
              aria-label={`Trash, ${trashCount} deleted ${trashCount === 1 ? "project" : "projects"}`}
              className={buttonClasses({ variant: "secondary" })}
            >
              Trash <span className="rounded-full bg-surface px-1.5 text-xs text-muted tabular-nums">{trashCount}</span>
            </Link>
          )}
          {!noProjectsAtAll &&
            (usage.reached ? (
              <Link href={UPGRADE_HREF} className={buttonClasses()}>
                Upgrade to add projects
              </Link>
            ) : (
              <Link href="/projects/new" className={buttonClasses()}>
                New project
              </Link>
            ))}
        </div>
      </div>

      {first(raw.notice) === "left_project" && <FormMessage tone="info" title="You left the project." />}

      <PlanUsage usage={usage} />

      {noProjectsAtAll ? (
        <Card className="mx-auto w-full max-w-xl">
          <CardContent className="flex flex-col gap-5 py-8 sm:py-10">
            <div className="flex flex-col items-center gap-2 text-center">
              <span aria-hidden="true" className="mb-1 inline-flex size-12 items-center justify-center rounded-full bg-accent/10 text-accent">
                <svg viewBox="0 0 24 24" className="size-6 fill-none stroke-current stroke-2">
                  <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />
                  <path d="M12 11v5M9.5 13.5h5" strokeLinecap="round" />
                </svg>
              </span>
              <h2 className="text-lg font-semibold tracking-tight">Create your first project</h2>
              <p className="max-w-sm text-sm text-muted">
                A project holds your jobs and their files. Invite your team once it exists.
              </p>
            </div>
            <CreateProjectForm />
          </CardContent>
        </Card>
      ) : (
        <section aria-label="Your projects" className="flex flex-col gap-4">
          <ProjectSearch q={q} />
          {list.projects.length > 0 ? (
            <>
              <ProjectList projects={list.projects} now={now} />
              <Pagination q={q} page={page} pageCount={list.pageCount} total={list.total} shown={list.projects.length} />
            </>
          ) : (
            <div className="rounded-xl border border-dashed border-border px-6 py-12 text-center">
              <h2 className="font-medium">No projects match “{q}”</h2>
              <p className="mt-1 text-sm text-muted">
                Check the spelling, or{" "}
                <Link href="/dashboard" className="text-accent underline-offset-4 hover:underline">
                  show all projects
                </Link>
                .
              </p>
            </div>
          )}
        </section>
      )}

      {deletedId && deletedName !== null && <UndoDeleteToast key={deletedId} projectId={deletedId} name={deletedName} />}
    </div>
  );
}
