"use client";
import { useActionState, useRef } from "react";
import { formError } from "@/components/auth/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { changePassword } from "@/lib/auth/account-actions";
import { PASSWORD_RULE } from "@/lib/auth/schema";

export function PasswordForm({ email }: { email: string | undefined }) {
  const [state, formAction] = useActionState(changePassword, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, "password-error");

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      {email && <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />}
      <Field label="Current password" error={state?.fieldErrors?.currentPassword}>
        <PasswordInput name="currentPassword" autoComplete="current-password" />
      </Field>
      <Field label="New password" hint={PASSWORD_RULE} error={state?.fieldErrors?.newPassword}>
        <PasswordInput name="newPassword" autoComplete="new-password" />
      </Field>
      <Field label="Confirm password" error={state?.fieldErrors?.confirmPassword}>
        <PasswordInput name="confirmPassword" autoComplete="new-password" />
      </Field>
      <FormMessage id="password-error" tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <FormMessage tone="success">{state?.ok ? state.message : undefined}</FormMessage>
      <div>
        <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
      </div>
    </form>
  );
}
