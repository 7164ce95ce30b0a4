import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { RoleBadge } from "@/components/projects/badges";
import { ProjectTabs } from "@/components/projects/project-tabs";
import { getViewer } from "@/lib/auth/queries";
import { loadMembers, loadProject } from "@/lib/projects/loaders";

type Params = Promise<{ projectId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const project = await loadProject((await params).projectId);
  return { title: project?.name ?? "Project not found" };
}

// Unknown, malformed, trashed or someone else's id: all the same 404, so the
// page gives no hint whether the project exists.
export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const { projectId } = await params;
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  const project = await loadProject(projectId);
  if (!project) notFound();
  const members = await loadMembers(projectId);
  const role = members.find((member) => member.userId === viewer.id)?.role;
  if (!role) notFound();

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <nav aria-label="Breadcrumb" className="text-sm text-muted">
          <Link href="/dashboard" className="hover:text-fg">
            Projects
          </Link>
          <span aria-hidden="true"> / </span>
          <span dir="auto" aria-current="page" className="break-words text-fg">
            {project.name}
          </span>
        </nav>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 dir="auto" className="min-w-0 text-2xl font-semibold tracking-tight break-words">
            {project.name}
          </h1>
          <span className="inline-flex items-center gap-1.5 text-sm text-muted">
            Your role <RoleBadge role={role} />
          </span>
        </div>
      </div>
      <ProjectTabs projectId={project.id} memberCount={members.length} />
      {children}
    </div>
  );
}
