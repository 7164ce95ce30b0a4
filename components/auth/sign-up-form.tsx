"use client";
import Link from "next/link";
import { useActionState, useRef } from "react";
import { signUp } from "@/lib/auth/actions";
import { PASSWORD_RULE } from "@/lib/auth/schema";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { CheckEmail } from "./check-email";
import { formError } from "./form-state";
import { ResendConfirmationForm } from "./resend-confirmation-form";

const ERROR_ID = "sign-up-error";

export function SignUpForm({ mailboxUrl }: { mailboxUrl?: string }) {
  const [state, formAction] = useActionState(signUp, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);

  if (state?.ok) {
    const email = state.values?.email?.trim().toLowerCase();
    return (
      <CheckEmail email={email} mailboxUrl={mailboxUrl && email ? `${mailboxUrl}/?to=${encodeURIComponent(email)}` : undefined}>
        <p className="text-sm text-muted">Open the link in that email to confirm your address and finish signing up.</p>
        <ResendConfirmationForm email={email} label="Resend the email" />
      </CheckEmail>
    );
  }

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <FormMessage id={ERROR_ID} tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <Field label="Name" hint="Optional. Shown to people you work with." error={state?.fieldErrors?.name}>
        <Input name="name" autoComplete="name" defaultValue={state?.values?.name} />
      </Field>
      <Field label="Email" error={state?.fieldErrors?.email}>
        <Input name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={state?.values?.email} />
      </Field>
      <Field label="Password" hint={PASSWORD_RULE} error={state?.fieldErrors?.password}>
        <PasswordInput name="password" autoComplete="new-password" required />
      </Field>
      <SubmitButton pendingLabel="Creating your account…" className="mt-1">
        Create account
      </SubmitButton>
      <p className="text-center text-sm text-muted">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-fg underline-offset-4 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
