"use client";
// Name and description of a new project. The action redirects to the new
// project's page; errors (bad name, plan limit) stay here next to the fields.
import { useActionState, useRef } from "react";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { createProjectAction } from "@/lib/projects/actions";
import { PROJECT_NAME_MAX } from "@/lib/projects/schema";
import { formError } from "./form-error";
import { Textarea } from "./form-controls";

const ERROR_ID = "create-project-error";

export function CreateProjectForm({ autoFocus = false }: { autoFocus?: boolean }) {
  const [state, formAction] = useActionState(createProjectAction, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <Field label="Project name" hint={`Up to ${PROJECT_NAME_MAX} characters.`} error={state?.fieldErrors?.name}>
        <Input name="name" required autoComplete="off" autoFocus={autoFocus} defaultValue={state?.values?.name} placeholder="e.g. Website redesign" />
      </Field>
      <Field label="Description" hint="Optional. What is this project for?" error={state?.fieldErrors?.description}>
        <Textarea name="description" rows={3} defaultValue={state?.values?.description} />
      </Field>
      <div>
        <SubmitButton pendingLabel="Creating…">Create project</SubmitButton>
      </div>
    </form>
  );
}
