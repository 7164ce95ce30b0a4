"use client";
import { useActionState, useRef } from "react";
import { formError } from "@/components/auth/form-state";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFocusFirstError } from "@/components/ui/use-focus-first-error";
import { deleteAccount } from "@/lib/auth/account-actions";

export function DeleteAccountForm({ email }: { email: string | undefined }) {
  const [state, formAction] = useActionState(deleteAccount, undefined);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, state, "delete-error");

  return (
    <form ref={formRef} action={formAction} noValidate className="flex flex-col gap-4">
      <p className="text-sm text-muted">
        This deletes your profile, your projects and your files, and cancels your subscription. It can&apos;t be undone.
      </p>
      <Field
        label={
          <>
            Type {email ? <strong className="font-semibold break-all">{email}</strong> : "your email address"} or{" "}
            <strong className="font-semibold">DELETE</strong> to confirm
          </>
        }
        error={state?.fieldErrors?.confirmation}
      >
        <Input name="confirmation" autoComplete="off" autoCapitalize="off" spellCheck={false} defaultValue={state?.values?.confirmation} />
      </Field>
      <FormMessage id="delete-error" tabIndex={-1}>
        {formError(state)}
      </FormMessage>
      <div>
        <SubmitButton variant="danger" pendingLabel="Deleting…">
          Delete my account
        </SubmitButton>
      </div>
    </form>
  );
}
