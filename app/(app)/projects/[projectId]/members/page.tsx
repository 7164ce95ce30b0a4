import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/components/projects/badges";
import { InviteMemberForm } from "@/components/projects/invite-member-form";
import { MembersList } from "@/components/projects/members-list";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { getViewer } from "@/lib/auth/queries";
import { loadMembers, loadProject } from "@/lib/projects/loaders";
import type { ProjectRole } from "@/lib/projects/types";

export async function generateMetadata({ params }: { params: Promise<{ projectId: string }> }): Promise<Metadata> {
  const project = await loadProject((await params).projectId);
  return { title: project ? `Members · ${project.name}` : "Project not found" };
}

const ROLES: ProjectRole[] = ["owner", "admin", "member", "viewer"];

export default async function ProjectMembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const [viewer, project, members] = await Promise.all([getViewer(), loadProject(projectId), loadMembers(projectId)]);
  const role = members.find((member) => member.userId === viewer?.id)?.role;
  if (!viewer || !project || !role) notFound();
  const canManage = role === "owner" || role === "admin";

  return (
    <div className="flex flex-col gap-6">
      {canManage && (
        <Card>
          <CardHeader title="Invite a member" description="They need an account already. They see the project as soon as you add them." />
          <CardContent>
            <InviteMemberForm projectId={project.id} roles={role === "owner" ? ["admin", "member", "viewer"] : ["member", "viewer"]} />
          </CardContent>
        </Card>
      )}
      <Card>
        <CardHeader title="Members" description={`${members.length} ${members.length === 1 ? "person has" : "people have"} access to this project.`} />
        <CardContent className="pt-2">
          <MembersList projectId={project.id} members={members} viewerId={viewer.id} viewerRole={role} />
        </CardContent>
      </Card>
      <section className="rounded-xl border border-border bg-surface/60 px-5 py-4 text-sm">
        <h2 className="font-medium">
          What each role can do
        </h2>
        <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
          {ROLES.map((each) => (
            <div key={each} className="contents">
              <dt className="font-medium">{ROLE_LABELS[each]}</dt>
              <dd className="mb-2 text-muted sm:mb-0">{ROLE_DESCRIPTIONS[each]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
