"use client";
import { useActionState, useRef } from "react";
import { formError } from "@/components/auth/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { changeEmail } from "@/lib/auth/account-actions";

export function EmailForm({ currentEmail, pendingEmail }: { currentEmail: string | undefined; pendingEmail: string | undefined }) {
  const [state, formAction] = useActionState(changeEmail, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, "email-error");

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <p className="text-sm">
        You sign in with <strong className="font-medium break-all">{currentEmail}</strong>.
      </p>
      {pendingEmail && !state?.ok && (
        <FormMessage tone="info" title="Change waiting for confirmation">
          Open the links we sent to {pendingEmail} and {currentEmail} to finish changing your address.
        </FormMessage>
      )}
      <Field label="New email address" hint="We'll send a confirmation link to the new address and to your current one." error={state?.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="email" inputMode="email" defaultValue={state?.values?.email} />
      </Field>
      <FormMessage id="email-error" tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <FormMessage tone="success">{state?.ok ? state.message : undefined}</FormMessage>
      <div>
        <SubmitButton pendingLabel="Sending…">Change email</SubmitButton>
      </div>
    </form>
  );
}
