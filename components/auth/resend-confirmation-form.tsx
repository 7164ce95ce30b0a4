"use client";
// "Resend confirmation email": on the sign-in page after an unconfirmed
// sign-in or an expired link, and on the check-your-email screen. With a
// known address it is one button; otherwise it asks for the address.
import { useActionState, useRef } from "react";
import { resendConfirmation } from "@/lib/auth/actions";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { formError } from "./form-state";

export function ResendConfirmationForm({ email, label = "Resend confirmation email" }: { email?: string; label?: string }) {
  const [state, formAction] = useActionState(resendConfirmation, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state);

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-3">
      {email ? (
        <input type="hidden" name="email" value={email} />
      ) : (
        <Field label="Email" error={state?.fieldErrors?.email}>
          <Input name="email" type="email" autoComplete="email" defaultValue={state?.values?.email} />
        </Field>
      )}
      <FormMessage>{formError(state)}</FormMessage>
      <FormMessage tone="success">{state?.ok ? state.message : undefined}</FormMessage>
      <SubmitButton variant="secondary" pendingLabel="Sending…">
        {label}
      </SubmitButton>
    </form>
  );
}
