"use client";
import { useActionState, useRef } from "react";
import { resetPassword } from "@/lib/auth/actions";
import { PASSWORD_RULE } from "@/lib/auth/schema";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { formError } from "./form-state";

const ERROR_ID = "reset-password-error";

export function ResetPasswordForm({ email }: { email?: string }) {
  const [state, formAction] = useActionState(resetPassword, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      {/* Lets password managers file the new password under the right account. */}
      {email && <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />}
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <Field label="New password" hint={PASSWORD_RULE} error={state?.fieldErrors?.password}>
        <PasswordInput name="password" autoComplete="new-password" required />
      </Field>
      <Field label="Confirm password" error={state?.fieldErrors?.confirmPassword}>
        <PasswordInput name="confirmPassword" autoComplete="new-password" required />
      </Field>
      <SubmitButton pendingLabel="Saving…" className="mt-1">
        Set new password
      </SubmitButton>
    </form>
  );
}
