// The irreversible-feeling part of a project page. The owner can hand the
// project over or move it to the trash (restorable for 30 days); everyone
// else can leave it.
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { leaveProjectAction, trashProjectAction } from "@/lib/projects/actions";
import type { ProjectMember } from "@/lib/projects/queries";
import { TRASH_RETENTION_DAYS } from "@/lib/projects/schema";
import type { ProjectRole } from "@/lib/projects/types";
import { ActionButton } from "./action-button";
import { TransferOwnershipForm } from "./transfer-ownership-form";

function Row({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
      <div className="min-w-0 sm:max-w-md">
        <h3 className="text-sm font-medium">{title}</h3>
        <p className="mt-0.5 text-sm text-muted">{description}</p>
      </div>
      <div className="flex shrink-0 sm:w-96 sm:justify-end">{children}</div>
    </div>
  );
}

export function DangerZone({ projectId, role, members, viewerId }: { projectId: string; role: ProjectRole; members: ProjectMember[]; viewerId: string }) {
  const candidates = members
    .filter((member) => member.userId !== viewerId)
    .map((member) => ({ userId: member.userId, label: member.name ? `${member.name} (${member.email ?? "no email"})` : (member.email ?? member.userId) }));

  return (
    <Card className="border-danger/40">
      <CardHeader title="Danger zone" />
      <CardContent className="divide-y divide-border">
        {role === "owner" ? (
          <>
            <Row title="Transfer ownership" description="Make another member the owner. You stay on as an admin.">
              {candidates.length > 0 ? (
                <TransferOwnershipForm projectId={projectId} candidates={candidates} />
              ) : (
                <p className="text-sm text-muted">Invite someone first: ownership can only go to a member.</p>
              )}
            </Row>
            <Row
              title="Delete project"
              description={`Moves the project to your trash. Members lose access at once; you can restore it for ${TRASH_RETENTION_DAYS} days.`}
            >
              <ActionButton action={trashProjectAction} fields={{ projectId }} label="Delete project" pendingLabel="Deleting…" variant="danger" />
            </Row>
          </>
        ) : (
          <Row title="Leave project" description="You lose access to this project until someone invites you again.">
            <ActionButton
              action={leaveProjectAction}
              fields={{ projectId }}
              label="Leave project"
              pendingLabel="Leaving…"
              variant="danger"
              confirm="Leave this project?"
            />
          </Row>
        )}
      </CardContent>
    </Card>
  );
}
