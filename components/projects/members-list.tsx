"use client";
// The member list. The owner and admins change roles and remove people
// here; the change shows at once (useOptimistic) and rolls back with a
// message if the server refuses. Who may change whom mirrors the SQL rules
// (owner: anyone but themself; admin: members and viewers) so only usable
// controls appear; the database still decides.
import { useEffect, useId, useOptimistic, useState, useTransition } from "react";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useHydrated } from "@/components/ui/use-hydrated";
import { changeMemberRoleAction, removeMemberAction } from "@/lib/projects/actions";
import type { ProjectMember } from "@/lib/projects/queries";
import type { AssignableRole } from "@/lib/projects/schema";
import type { ProjectRole } from "@/lib/projects/types";
import { ROLE_LABELS, RoleBadge } from "./badges";
import { Select } from "./form-controls";

type Change = { type: "role"; userId: string; role: AssignableRole } | { type: "remove"; userId: string };

function applyChange(members: ProjectMember[], change: Change): ProjectMember[] {
  if (change.type === "remove") return members.filter((member) => member.userId !== change.userId);
  return members.map((member) => (member.userId === change.userId ? { ...member, role: change.role } : member));
}

/** The roles the viewer may give this member, or none when they may not manage them. */
export function manageableRoles(viewerRole: ProjectRole, target: ProjectMember, viewerId: string): AssignableRole[] {
  if (target.userId === viewerId || target.role === "owner") return [];
  if (viewerRole === "owner") return ["admin", "member", "viewer"];
  if (viewerRole === "admin" && target.role !== "admin") return ["member", "viewer"];
  return [];
}

function labelOf(member: ProjectMember): string {
  return member.name ?? member.email ?? "Unknown user";
}

export function MembersList({ projectId, members, viewerId, viewerRole }: { projectId: string; members: ProjectMember[]; viewerId: string; viewerRole: ProjectRole }) {
  const [optimisticMembers, applyOptimistic] = useOptimistic(members, applyChange);
  const [, startTransition] = useTransition();
  const [feedback, setFeedback] = useState<{ tone: "error" | "success"; text: string; focus: boolean } | null>(null);
  const [confirmingId, setConfirmingId] = useState<string | null>(null);
  const feedbackId = useId();
  // These controls act through onChange/onClick only: usable once React runs.
  const hydrated = useHydrated();

  // A removal takes away the row whose button had focus: hand focus to the message saying what happened.
  useEffect(() => {
    if (feedback?.focus) document.getElementById(feedbackId)?.focus();
  }, [feedback, feedbackId]);

  function run(change: Change, action: typeof changeMemberRoleAction, fields: Record<string, string>) {
    setFeedback(null);
    setConfirmingId(null);
    startTransition(async () => {
      applyOptimistic(change);
      const formData = new FormData();
      formData.set("projectId", projectId);
      for (const [name, value] of Object.entries(fields)) formData.set(name, value);
      const result = await action(undefined, formData);
      const focus = change.type === "remove";
      setFeedback(result.error ? { tone: "error", text: result.error, focus } : { tone: "success", text: result.message ?? "Saved.", focus });
    });
  }

  return (
    <div className="flex flex-col gap-3">
      {feedback && (
        <FormMessage id={feedbackId} tabIndex={-1} tone={feedback.tone}>
          {feedback.text}
        </FormMessage>
      )}
      <ul aria-label="Members" className="divide-y divide-border">
        {optimisticMembers.map((member) => {
          const label = labelOf(member);
          const roles = manageableRoles(viewerRole, member, viewerId);
          return (
            <li key={member.userId} className="flex flex-wrap items-center gap-x-3 gap-y-2 py-3">
              <Avatar src={member.avatarUrl} name={member.name} email={member.email} size={36} />
              <div className="min-w-0 flex-1 basis-40">
                <p dir="auto" className="truncate text-sm font-medium">
                  {label}
                  {member.userId === viewerId && <span className="ml-2 text-xs font-normal text-muted">(you)</span>}
                </p>
                {member.name && member.email && <p className="truncate text-sm text-muted">{member.email}</p>}
              </div>
              {confirmingId === member.userId ? (
                <div className="flex items-center gap-2">
                  <span className="text-sm">Remove {label}?</span>
                  {/* The Remove button that had focus is gone: focus the safe answer. */}
                  <Button size="sm" variant="ghost" autoFocus onClick={() => setConfirmingId(null)}>
                    Cancel
                  </Button>
                  <Button size="sm" variant="danger" onClick={() => run({ type: "remove", userId: member.userId }, removeMemberAction, { userId: member.userId })}>
                    Yes, remove
                  </Button>
                </div>
              ) : roles.length > 0 ? (
                <div className="flex items-center gap-2">
                  <Select
                    aria-label={`Access level of ${label}`}
                    value={member.role}
                    className="h-8 w-32"
                    disabled={!hydrated}
                    onChange={(event) => {
                      const role = event.target.value as AssignableRole;
                      run({ type: "role", userId: member.userId, role }, changeMemberRoleAction, { userId: member.userId, role });
                    }}
                  >
                    {/* Keep the current role selectable even when the viewer could not give it. */}
                    {!roles.includes(member.role as AssignableRole) && <option value={member.role}>{ROLE_LABELS[member.role]}</option>}
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </Select>
                  <Button size="sm" variant="ghost" aria-label={`Remove ${label}`} disabled={!hydrated} onClick={() => setConfirmingId(member.userId)}>
                    Remove
                  </Button>
                </div>
              ) : (
                <RoleBadge role={member.role} />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
