// Database refusals → messages for people. The member and trash RPCs raise
// "<reason>: <text>" (see supabase/migrations/*_project_member_rpcs.sql and
// *_project_trash.sql); row level security answers 42501. Each expected
// refusal becomes an ActionError the form shows; anything else stays a plain
// Error, which lib/action.ts logs and reports as a generic failure.
import { ActionError } from "@/lib/action";

/** The shape of a PostgREST error (supabase-js's PostgrestError). */
export interface DatabaseError {
  code?: string;
  message: string;
  details?: string | null;
  hint?: string | null;
}

export type RefusalReason =
  | "project_not_found"
  | "not_allowed"
  | "unknown_email"
  | "already_member"
  | "not_a_member"
  | "invalid_role"
  | "last_owner"
  | "plan_limit_reached";

export const NO_ACCESS_MESSAGE = "This project doesn't exist or you don't have access to it.";

/** A member tried to change more than the description ("not_allowed: members can only edit the description"). */
export const MEMBER_EDIT_MESSAGE = "As a member you can edit the description only. Only owners and admins can rename the project.";

/** A viewer's edit, which row level security turns into "nothing updated". */
export const VIEWER_EDIT_MESSAGE = "Viewers can't edit this project. Ask the owner or an admin to make you a member.";

const REASON_PATTERN = /^([a-z_]+): ([\s\S]*)$/;

/** The machine-readable reason a function raised, and its text, or null for other errors. */
export function refusalOf(error: DatabaseError): { reason: RefusalReason; text: string } | null {
  const match = REASON_PATTERN.exec(error.message);
  if (!match) return null;
  const reason = match[1] as RefusalReason;
  return REASONS.has(reason) ? { reason, text: match[2]! } : null;
}

const REASONS = new Set<RefusalReason>([
  "project_not_found", "not_allowed", "unknown_email", "already_member", "not_a_member", "invalid_role", "last_owner", "plan_limit_reached",
]);

/** "only the owner can x" → "Only the owner can x." */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * The plan named in a plan_limit_reached / job_quota_exceeded refusal: SQL puts
 * `{"tier","limit"}` in the error's detail (limit null = unlimited).
 */
export function planLimitDetail(error: DatabaseError): { plan: string; limit: number | null } {
  let tier = "current";
  let limit: number | null = null;
  try {
    const detail = JSON.parse(error.details ?? "{}") as { tier?: unknown; limit?: unknown };
    if (typeof detail.tier === "string") tier = detail.tier;
    if (typeof detail.limit === "number") limit = detail.limit;
  } catch {
    // The detail only sharpens the wording; callers' messages hold without it.
  }
  return { plan: `${tier.charAt(0).toUpperCase()}${tier.slice(1)}`, limit };
}

function planLimitMessage(error: DatabaseError): string {
  const { plan, limit } = planLimitDetail(error);
  const allowance = limit === null ? "no more active projects" : `${limit} active project${limit === 1 ? "" : "s"}`;
  return `The ${plan} plan allows ${allowance}. Upgrade your plan, or delete a project to make room.`;
}

/** Per-call wording for a reason, when the default would mislead (e.g. whose plan is full). */
export type RefusalMessages = Partial<Record<RefusalReason, string>>;

export function toActionError(error: DatabaseError, messages: RefusalMessages = {}): Error {
  const refusal = refusalOf(error);
  if (refusal) {
    const override = messages[refusal.reason];
    switch (refusal.reason) {
      case "project_not_found":
        return new ActionError(override ?? NO_ACCESS_MESSAGE);
      case "unknown_email": {
        const message = override ?? "Nobody has signed up with that email yet. Ask them to create an account, then invite them.";
        return new ActionError(message, { email: [message] });
      }
      case "already_member": {
        const message = override ?? "That person is already a member of this project.";
        return new ActionError(message, { email: [message] });
      }
      case "not_a_member":
        return new ActionError(override ?? "That person is no longer a member of this project.");
      case "invalid_role":
        return new ActionError(override ?? "The owner role can't be given directly. Use Transfer ownership instead.");
      case "plan_limit_reached":
        return new ActionError(override ?? planLimitMessage(error));
      case "not_allowed":
      case "last_owner":
        return new ActionError(override ?? sentence(refusal.text));
    }
  }
  // Row level security refused the statement (e.g. an insert for someone else).
  if (error.code === "42501") return new ActionError(NO_ACCESS_MESSAGE);
  return new Error(`Unexpected database error ${error.code ?? ""}: ${error.message}`);
}
