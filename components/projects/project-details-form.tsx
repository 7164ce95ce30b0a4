"use client";
// Name and description. Owners and admins edit both; members edit the
// description and see the name read-only (the form then sends no name). The
// server decides (row level security and a trigger); this form only mirrors
// it, and is not shown to viewers.
import { useActionState, useRef } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { updateProjectAction } from "@/lib/projects/actions";
import { PROJECT_NAME_MAX } from "@/lib/projects/schema";
import { formError } from "./form-error";
import { Textarea } from "./form-controls";

const ERROR_ID = "project-details-error";

export interface ProjectDetailsFormProps {
  project: { id: string; name: string; description: string };
  /** Owners and admins; members may edit the description only. */
  canRename: boolean;
}

export function ProjectDetailsForm({ project, canRename }: ProjectDetailsFormProps) {
  const [state, formAction] = useActionState(updateProjectAction, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);
  // After a refusal keep what was typed; otherwise show what is saved.
  const values = state?.ok === undefined && state?.values ? { ...project, ...state.values } : project;

  return (
    <form ref={formRef} action={formAction} noValidate className="flex max-w-2xl flex-col gap-4">
      <input type="hidden" name="projectId" value={project.id} />
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      {canRename ? (
        <Field label="Name" hint={`Up to ${PROJECT_NAME_MAX} characters.`} error={state?.fieldErrors?.name}>
          <Input name="name" required autoComplete="off" dir="auto" defaultValue={values.name} />
        </Field>
      ) : (
        // Shown, not sent: without a name attribute the form leaves the name out of the request.
        <Field label="Name" hint="Only owners and admins can rename the project.">
          <Input readOnly dir="auto" value={project.name} className="read-only:bg-surface read-only:shadow-none" />
        </Field>
      )}
      <Field label="Description" error={state?.fieldErrors?.description}>
        <Textarea name="description" rows={4} dir="auto" defaultValue={values.description} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton pendingLabel="Saving…">Save changes</SubmitButton>
        {state?.ok && (
          <p role="status" className="text-sm text-success">
            {state.message}
          </p>
        )}
      </div>
    </form>
  );
}
