import { notFound } from "next/navigation";
import { JobsCard } from "@/components/jobs/jobs-card";
import { DangerZone } from "@/components/projects/danger-zone";
import { exactTime, timeAgo } from "@/components/projects/format";
import { ProjectDetailsForm } from "@/components/projects/project-details-form";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { getViewer } from "@/lib/auth/queries";
import { loadMembers, loadProject, requestTime } from "@/lib/projects/loaders";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ProjectOverviewPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: SearchParams }) {
  const [{ projectId }, { notice }] = await Promise.all([params, searchParams]);
  const [viewer, project, members] = await Promise.all([getViewer(), loadProject(projectId), loadMembers(projectId)]);
  const role = members.find((member) => member.userId === viewer?.id)?.role;
  if (!viewer || !project || !role) notFound();
  // Owners and admins edit the name and description, members the description (the database enforces it).
  const canRename = role === "owner" || role === "admin";
  const canEdit = canRename || role === "member";
  const now = requestTime();

  return (
    <div className="flex flex-col gap-6">
      {notice === "ownership_transferred" && role !== "owner" && (
        <FormMessage tone="success" title="Ownership transferred.">
          You are now an admin of this project.
        </FormMessage>
      )}
      <Card>
        <CardHeader
          title="Details"
          description={
            <>
              Created <time dateTime={project.createdAt} title={exactTime(project.createdAt)}>{timeAgo(project.createdAt, now)}</time>
              {" · "}updated <time dateTime={project.updatedAt} title={exactTime(project.updatedAt)}>{timeAgo(project.updatedAt, now)}</time>
            </>
          }
        />
        <CardContent>
          {canEdit ? (
            <ProjectDetailsForm project={project} canRename={canRename} />
          ) : (
            <div className="flex flex-col gap-3">
              <div>
                <h3 className="text-sm font-medium text-muted">Description</h3>
                {project.description ? (
                  <p dir="auto" data-testid="project-description" className="mt-1 whitespace-pre-line break-words">
                    {project.description}
                  </p>
                ) : (
                  <p className="mt-1 text-muted">No description.</p>
                )}
              </div>
              <p className="text-sm text-muted">
                You can view this project. Members can edit its description; owners and admins can also rename it.
              </p>
            </div>
          )}
        </CardContent>
      </Card>

      <JobsCard projectId={project.id} role={role} now={now} />

      <DangerZone projectId={project.id} role={role} members={members} viewerId={viewer.id} />
    </div>
  );
}
