"use client";
import Link from "next/link";
import { useActionState, useRef } from "react";
import { signIn, type SignInFailure } from "@/lib/auth/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { PasswordInput } from "@/components/ui/password-input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { formError } from "./form-state";
import { ResendConfirmationForm } from "./resend-confirmation-form";

const ERROR_ID = "sign-in-error";

export function SignInForm({ next }: { next?: string }) {
  const [state, formAction] = useActionState(signIn, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, ERROR_ID);
  const unconfirmed = (state?.data as SignInFailure | undefined)?.reason === "email_not_confirmed";

  return (
    <div className="flex flex-col gap-4">
      <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
        {next && <input type="hidden" name="next" value={next} />}
        <FormMessage id={ERROR_ID} tabIndex={-1}>
          {formError(state)}
        </FormMessage>
        <Field label="Email" error={state?.fieldErrors?.email}>
          <Input name="email" type="email" autoComplete="email" inputMode="email" required defaultValue={state?.values?.email} />
        </Field>
        <Field
          label="Password"
          error={state?.fieldErrors?.password}
          labelAside={
            <Link href="/forgot-password" className="text-sm text-muted underline-offset-4 hover:text-fg hover:underline">
              Forgot password?
            </Link>
          }
        >
          <PasswordInput name="password" autoComplete="current-password" required />
        </Field>
        <SubmitButton pendingLabel="Signing in…" className="mt-1">
          Sign in
        </SubmitButton>
      </form>
      {unconfirmed && state?.values?.email && <ResendConfirmationForm email={state.values.email} />}
    </div>
  );
}
