"use server";
// The project server actions: each parses its form with zod (lib/action.ts),
// runs the plain function in ./mutations.ts with the user-scoped client (row
// level security is the guard), then revalidates the pages that show the change.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { action } from "@/lib/action";
import * as projects from "./mutations";
import {
  changeMemberRoleSchema, createProjectSchema, inviteMemberSchema, memberRefSchema, projectRefSchema, transferOwnershipSchema,
  updateProjectSchema,
} from "./schema";

function revalidateProject(projectId: string) {
  revalidatePath("/dashboard");
  revalidatePath(`/projects/${projectId}`, "layout");
}

function revalidateTrash() {
  revalidatePath("/dashboard");
  revalidatePath("/projects/trash");
}

export const createProjectAction = action(createProjectSchema, async (input, { supabase }) => {
  const { id } = await projects.createProject(supabase, input);
  revalidatePath("/dashboard");
  redirect(`/projects/${id}`);
});

export const updateProjectAction = action(updateProjectSchema, async (input, { supabase }) => {
  await projects.updateProject(supabase, input);
  revalidateProject(input.projectId);
  return { ok: true, message: "Changes saved." };
});

/** Soft delete, then the dashboard, whose toast offers Undo (?deleted=<id>). */
export const trashProjectAction = action(projectRefSchema, async ({ projectId }, { supabase }) => {
  await projects.trashProject(supabase, projectId);
  revalidateTrash();
  revalidateProject(projectId);
  redirect(`/dashboard?deleted=${projectId}`);
});

export const restoreProjectAction = action(projectRefSchema, async ({ projectId }, { supabase }) => {
  await projects.restoreProject(supabase, projectId);
  revalidateTrash();
  revalidateProject(projectId);
  return { ok: true, message: "Project restored." };
});

export const deleteProjectForeverAction = action(projectRefSchema, async ({ projectId }, { supabase }) => {
  await projects.deleteProjectForever(supabase, projectId);
  revalidateTrash();
  return { ok: true, message: "Project deleted for good." };
});

export const inviteMemberAction = action(inviteMemberSchema, async (input, { supabase }) => {
  await projects.inviteMember(supabase, input);
  revalidateProject(input.projectId);
  return { ok: true, message: `Added ${input.email} as ${input.role}.` };
});

export const changeMemberRoleAction = action(changeMemberRoleSchema, async (input, { supabase }) => {
  await projects.changeMemberRole(supabase, input);
  revalidateProject(input.projectId);
  return { ok: true, message: `Role changed to ${input.role}.` };
});

export const removeMemberAction = action(memberRefSchema, async (input, { supabase }) => {
  await projects.removeMember(supabase, input);
  revalidateProject(input.projectId);
  return { ok: true, message: "Member removed." };
});

export const leaveProjectAction = action(projectRefSchema, async ({ projectId }, { supabase }) => {
  await projects.leaveProject(supabase, projectId);
  revalidateProject(projectId);
  redirect("/dashboard?notice=left_project");
});

export const transferOwnershipAction = action(transferOwnershipSchema, async (input, { supabase }) => {
  await projects.transferOwnership(supabase, input);
  revalidateProject(input.projectId);
  // The page then shows the admin's view, without this form: the message travels in the URL.
  redirect(`/projects/${input.projectId}?notice=ownership_transferred`);
});
