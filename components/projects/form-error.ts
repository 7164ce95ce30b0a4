import type { ActionState } from "@/lib/action";

/** The form-level message to show: hidden when field errors already say what is wrong. */
export function formError(state: ActionState | undefined): string | undefined {
  if (!state?.error) return undefined;
  return Object.keys(state.fieldErrors ?? {}).length > 0 ? undefined : state.error;
}
