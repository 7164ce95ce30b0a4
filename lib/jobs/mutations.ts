// Creating a job as the signed-in user. Row level security decides who may
// (owner, admin, member; not viewers) and the quota trigger counts it against
// the project owner's plan in the same transaction, so a refusal leaves
// nothing behind. lib/jobs/actions.ts wraps this in a server action; the
// integration tests call it directly with real signed-in clients.
import { ActionError } from "@/lib/action";
import { planLimitDetail, type DatabaseError } from "@/lib/projects/errors";
import type { Client } from "@/lib/projects/types";
import { parametersOf, type CreateJobInput } from "./schema";

export const NOT_ALLOWED_MESSAGE = "Only members, admins and the owner can run jobs in this project.";

/** "job_quota_exceeded: the free plan allows 50 jobs a month" → a sentence with what to do about it. */
function quotaMessage(error: DatabaseError): string {
  const { plan, limit } = planLimitDetail(error);
  const allowance = limit === null ? "no more jobs this month" : `${limit} job${limit === 1 ? "" : "s"} a month`;
  return `This project's owner is on the ${plan} plan, which allows ${allowance}, and it is used up. Upgrade the plan, or wait for the quota to reset on the 1st (UTC).`;
}

export function toJobError(error: DatabaseError): Error {
  if (error.message.startsWith("job_quota_exceeded:")) return new ActionError(quotaMessage(error));
  // RLS refused the insert: a viewer, a non-member, or a trashed project.
  if (error.code === "42501") return new ActionError(NOT_ALLOWED_MESSAGE);
  // The composite check on projects (a missing project id) reads as no access too.
  if (error.code === "23503") return new ActionError(NOT_ALLOWED_MESSAGE);
  return new Error(`Unexpected database error ${error.code ?? ""}: ${error.message}`);
}

export async function createJob(supabase: Client, input: CreateJobInput): Promise<{ id: string }> {
  const { data, error } = await supabase
    .from("jobs")
    .insert({ project_id: input.projectId, job_type: input.jobType, parameters: parametersOf(input) })
    .select("id")
    .single();
  if (error) throw toJobError(error);
  return data;
}
