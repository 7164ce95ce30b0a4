"use client";
import { useActionState, useRef } from "react";
import { requestPasswordReset } from "@/lib/auth/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { CheckEmail } from "./check-email";
import { formError } from "./form-state";

const ERROR_ID = "forgot-password-error";

export function ForgotPasswordForm({ mailboxUrl }: { mailboxUrl?: string }) {
  const [state, formAction] = useActionState(requestPasswordReset, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);

  if (state?.ok) {
    const email = state.values?.email?.trim().toLowerCase();
    return (
      <CheckEmail conditional email={email} mailboxUrl={mailboxUrl && email ? `${mailboxUrl}/?to=${encodeURIComponent(email)}` : undefined}>
        <p className="text-sm text-muted">Open it in this browser to choose a new password.</p>
      </CheckEmail>
    );
  }

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <Field label="Email" error={state?.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={state?.values?.email} />
      </Field>
      <SubmitButton pendingLabel="Sending…" className="mt-1">
        Email me a reset link
      </SubmitButton>
    </form>
  );
}
