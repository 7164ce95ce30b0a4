"use client";
// The owner hands the project to another member and becomes an admin.
import { useActionState, useRef } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { transferOwnershipAction } from "@/lib/projects/actions";
import { formError } from "./form-error";
import { Select } from "./form-controls";

const ERROR_ID = "transfer-ownership-error";

export function TransferOwnershipForm({ projectId, candidates }: { projectId: string; candidates: Array<{ userId: string; label: string }> }) {
  const [state, formAction] = useActionState(transferOwnershipAction, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);

  return (
    <form ref={formRef} action={formAction} className="flex w-full flex-col gap-3">
      <input type="hidden" name="projectId" value={projectId} />
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field label="New owner" error={state?.fieldErrors?.newOwnerId} className="min-w-0 flex-1">
          <Select name="newOwnerId" required defaultValue="">
            <option value="" disabled>
              Choose a member…
            </option>
            {candidates.map((candidate) => (
              <option key={candidate.userId} value={candidate.userId}>
                {candidate.label}
              </option>
            ))}
          </Select>
        </Field>
        <SubmitButton variant="secondary" pendingLabel="Transferring…">
          Transfer ownership
        </SubmitButton>
      </div>
    </form>
  );
}
