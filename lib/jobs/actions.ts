"use server";
// The job server actions: the form is parsed with zod (lib/action.ts), the
// insert runs as the signed-in user (RLS and the SQL quota are the guards),
// then the project page is revalidated. The worker does the rest.
import { revalidatePath } from "next/cache";
import { action } from "@/lib/action";
import { createJob } from "./mutations";
import { createJobSchema, JOB_TYPE_LABELS } from "./schema";

export const createJobAction = action(createJobSchema, async (input, { supabase }) => {
  const { id } = await createJob(supabase, input);
  revalidatePath(`/projects/${input.projectId}`);
  return { ok: true, message: `${JOB_TYPE_LABELS[input.jobType]} queued.`, data: { id } };
});
