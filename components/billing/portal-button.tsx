"use client";
// Manage billing: opens Stripe's customer portal (switch plan, cancel, card,
// invoices). The plan on this site changes when Stripe's webhook says so.
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ButtonVariant } from "@/components/ui/button";
import { createPortalSession } from "@/lib/billing/actions";

export function PortalButton({ children = "Manage billing", variant = "secondary", className }: { children?: React.ReactNode; variant?: ButtonVariant; className?: string }) {
  const [state, formAction] = useActionState(createPortalSession, undefined);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <SubmitButton variant={variant} pendingLabel="Opening billing portal…" className={className}>
        {children}
      </SubmitButton>
      <FormMessage>{state?.error}</FormMessage>
    </form>
  );
}
