// The one server-action wrapper: every action reads FormData through a zod
// schema, optionally requires a signed-in user, and answers in one shape that
// forms show next to their fields (`useActionState`).
import type { SupabaseClient, User } from "@supabase/supabase-js";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { Database } from "@/lib/supabase/database.types";

export interface ActionState<T = unknown> {
  ok?: boolean;
  /** A message for the whole form. */
  error?: string;
  /** Messages per field name, shown next to each field. */
  fieldErrors?: Record<string, string[]>;
  /** What the user typed (never passwords), so the form keeps it after an error. */
  values?: Record<string, string>;
  /** A success message or data for the form. */
  message?: string;
  data?: T;
}

/** An expected failure with a message for the user (and optionally per field). */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}

export interface ActionContext<Auth extends boolean> {
  supabase: SupabaseClient<Database>;
  user: Auth extends true ? User : null;
}

interface ActionOptions<Auth extends boolean> {
  /** Require a signed-in user (default true). */
  auth?: Auth;
  /** Creates the user-scoped Supabase client; injectable for tests. */
  createClient?: () => Promise<SupabaseClient<Database>>;
}

const SECRET_FIELD = /password|token|secret/i;

export const UNREADABLE_FORM = "This form could not be read. Reload the page and try again.";

/** The fields a form sent, minus files and secrets, to refill the form. */
export function echoValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !SECRET_FIELD.test(key) && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

/** FormData → plain object; repeated keys become arrays, files stay files. */
export function formDataToObject(formData: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const object: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(formData.keys())) {
    // A file sent as `__proto__` would become the object's prototype, and zod reads inherited keys.
    if (key.startsWith("$ACTION") || key === "__proto__") continue;
    const all = formData.getAll(key);
    object[key] = all.length > 1 ? all : all[0]!;
  }
  return object;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

export function action<S extends z.ZodType, R = void, Auth extends boolean = true>(
  schema: S,
  handler: (input: z.output<S>, context: ActionContext<Auth>) => Promise<R | ActionState | void>,
  options: ActionOptions<Auth> = {},
) {
  const requireAuth = options.auth ?? true;
  return async (_previous: ActionState | undefined, formData: FormData): Promise<ActionState> => {
    // Forms call these through useActionState (previous state, then the form). A
    // post naming the action some other way (a plain `$ACTION_ID_…` form, a
    // hand-made call) may send no form at all: refuse it before reading anything.
    if (!(formData instanceof FormData)) return { error: UNREADABLE_FORM };
    const values = echoValues(formData);
    const parsed = schema.safeParse(formDataToObject(formData));
    if (!parsed.success) {
      return { error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error), values };
    }
    try {
      const createClient = options.createClient ?? (await import("@/lib/supabase/server")).createClient;
      const supabase = await createClient();
      let user: User | null = null;
      if (requireAuth) {
        const { data } = await supabase.auth.getUser();
        if (!data.user) return { error: "Your session has ended. Sign in again to continue.", values };
        user = data.user;
      }
      const result = await handler(parsed.data, { supabase, user } as ActionContext<Auth>);
      if (result && typeof result === "object" && ("ok" in result || "error" in result || "message" in result)) {
        return { values, ...(result as ActionState) };
      }
      return { ok: true, data: result ?? undefined, values };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
      if (error instanceof ActionError) return { error: error.message, fieldErrors: error.fieldErrors, values };
      console.error("Server action failed:", error);
      return { error: "Something went wrong on our side. Please try again.", values };
    }
  };
}
