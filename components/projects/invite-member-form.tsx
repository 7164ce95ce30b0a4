"use client";
// Add someone who already has an account, by email, with a role. Admins may
// add members and viewers; the owner may also add admins (checked in SQL).
import { useActionState, useRef } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { inviteMemberAction } from "@/lib/projects/actions";
import type { AssignableRole } from "@/lib/projects/schema";
import { ROLE_LABELS } from "./badges";
import { formError } from "./form-error";
import { Select } from "./form-controls";

const ERROR_ID = "invite-member-error";

export function InviteMemberForm({ projectId, roles }: { projectId: string; roles: readonly AssignableRole[] }) {
  const [state, formAction] = useActionState(inviteMemberAction, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);
  const kept = state?.ok ? undefined : state?.values;

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="projectId" value={projectId} />
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field label="Email" error={state?.fieldErrors?.email} className="min-w-0 flex-1">
          <Input name="email" type="email" inputMode="email" autoComplete="off" required placeholder="name@example.com" defaultValue={kept?.email} />
        </Field>
        <Field label="Role" error={state?.fieldErrors?.role} className="sm:w-40">
          <Select name="role" defaultValue={kept?.role ?? "member"}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </Select>
        </Field>
        <SubmitButton pendingLabel="Inviting…" className="sm:mt-6.5">
          Invite
        </SubmitButton>
      </div>
      {state?.ok && (
        <p role="status" className="text-sm text-success">
          {state.message}
        </p>
      )}
    </form>
  );
}
