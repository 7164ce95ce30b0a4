"use client";
import { useActionState, useRef } from "react";
import { formError } from "@/components/auth/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { updateProfile } from "@/lib/auth/account-actions";
import { NAME_MAX_LENGTH } from "@/lib/auth/schema";

export function ProfileForm({ name }: { name: string | null }) {
  const [state, formAction] = useActionState(updateProfile, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, "profile-error");

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <Field label="Name" hint="Shown in the header and to people you work with." error={state?.fieldErrors?.name}>
        <Input name="name" autoComplete="name" maxLength={NAME_MAX_LENGTH} defaultValue={state?.values?.name ?? name ?? ""} />
      </Field>
      <FormMessage id="profile-error" tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <FormMessage tone="success">{state?.ok ? state.message : undefined}</FormMessage>
      <div>
        <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
      </div>
    </form>
  );
}
