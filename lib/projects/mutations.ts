// Every write on projects and their members, as plain functions of a Supabase
// client acting as the signed-in user. Row level security and the member RPCs
// decide who may do what; these functions turn their refusals into messages
// (ActionError). lib/projects/actions.ts wraps each in a server action; the
// integration tests call them directly with real signed-in clients.
import { ActionError } from "@/lib/action";
import { MEMBER_EDIT_MESSAGE, NO_ACCESS_MESSAGE, toActionError, VIEWER_EDIT_MESSAGE } from "./errors";
import type {
  ChangeMemberRoleInput, CreateProjectInput, InviteMemberInput, MemberRef, TransferOwnershipInput, UpdateProjectInput,
} from "./schema";
import type { Client } from "./types";

export async function createProject(supabase: Client, input: CreateProjectInput): Promise<{ id: string }> {
  const { data, error } = await supabase
    .from("projects")
    .insert({ name: input.name, description: input.description })
    .select("id")
    .single();
  if (error) throw toActionError(error);
  return data;
}

/**
 * Writes only the fields the request carries: a member's form sends just the
 * description. Owners and admins edit both; members the description only (a
 * trigger refuses anything else); viewers nothing (RLS filters the row out).
 */
export async function updateProject(supabase: Client, input: UpdateProjectInput): Promise<void> {
  const changes: { name?: string; description?: string } = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (Object.keys(changes).length === 0) throw new ActionError("Nothing to save: change the name or the description.");
  const { data, error } = await supabase.from("projects").update(changes).eq("id", input.projectId).select("id");
  if (error) throw toActionError(error, { not_allowed: MEMBER_EDIT_MESSAGE });
  // RLS filters the rows an update may touch, so a refusal is "nothing updated", not an error.
  if (data.length === 0) throw await refusalFor(supabase, input.projectId, VIEWER_EDIT_MESSAGE);
}

/** Soft delete: the project goes to the owner's trash; members stop seeing it. */
export async function trashProject(supabase: Client, projectId: string): Promise<void> {
  const { error } = await supabase.rpc("trash_project", { p_project_id: projectId });
  if (error) throw toActionError(error, { not_allowed: "Only the owner can delete this project." });
}

export async function restoreProject(supabase: Client, projectId: string): Promise<void> {
  const { error } = await supabase.rpc("restore_project", { p_project_id: projectId });
  if (error) throw toActionError(error, { project_not_found: "This project is not in your trash." });
}

/** Permanent: only a trashed project, only by its owner (RLS policy "owners delete from the trash"). */
export async function deleteProjectForever(supabase: Client, projectId: string): Promise<void> {
  const { data, error } = await supabase
    .from("projects")
    .delete()
    .eq("id", projectId)
    .not("deleted_at", "is", null)
    .select("id");
  if (error) throw toActionError(error);
  if (data.length === 0) throw new ActionError("This project is not in your trash.");
}

export async function inviteMember(supabase: Client, input: InviteMemberInput): Promise<void> {
  const { error } = await supabase.rpc("invite_project_member", {
    p_project_id: input.projectId,
    p_email: input.email,
    p_role: input.role,
  });
  if (error) throw toActionError(error);
}

export async function changeMemberRole(supabase: Client, input: ChangeMemberRoleInput): Promise<void> {
  const { error } = await supabase.rpc("change_project_member_role", {
    p_project_id: input.projectId,
    p_user_id: input.userId,
    p_role: input.role,
  });
  if (error) throw toActionError(error);
}

export async function removeMember(supabase: Client, input: MemberRef): Promise<void> {
  const { error } = await supabase.rpc("remove_project_member", { p_project_id: input.projectId, p_user_id: input.userId });
  if (error) throw toActionError(error);
}

export async function leaveProject(supabase: Client, projectId: string): Promise<void> {
  const { error } = await supabase.rpc("leave_project", { p_project_id: projectId });
  if (error) throw toActionError(error);
}

export async function transferOwnership(supabase: Client, input: TransferOwnershipInput): Promise<void> {
  const { error } = await supabase.rpc("transfer_project_ownership", {
    p_project_id: input.projectId,
    p_new_owner_id: input.newOwnerId,
  });
  if (error) {
    throw toActionError(error, {
      not_a_member: "Ownership can only go to a member of this project. Invite them first.",
      plan_limit_reached: "The new owner's plan has no room for another project. They need to upgrade or delete a project first.",
    });
  }
}

/** Why an update touched nothing: the caller can see the project but lacks the role, or cannot see it at all. */
async function refusalFor(supabase: Client, projectId: string, roleMessage: string): Promise<ActionError> {
  const { data } = await supabase.from("projects").select("id").eq("id", projectId).is("deleted_at", null).maybeSingle();
  return new ActionError(data ? roleMessage : NO_ACCESS_MESSAGE);
}
