"use client";
// Upgrade: a form that asks the server for a Checkout Session and follows its
// redirect to Stripe's hosted page. Errors (already subscribed, plan not
// available, Stripe down) appear under the button.
import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ButtonVariant } from "@/components/ui/button";
import { createCheckoutSession } from "@/lib/billing/actions";
import type { Interval, PaidTier } from "@/lib/billing/plans";

export function CheckoutButton({
  plan, interval, children, variant = "primary", className,
}: { plan: PaidTier; interval: Interval; children: React.ReactNode; variant?: ButtonVariant; className?: string }) {
  const [state, formAction] = useActionState(createCheckoutSession, undefined);
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <input type="hidden" name="plan" value={plan} />
      <input type="hidden" name="interval" value={interval} />
      <SubmitButton variant={variant} pendingLabel="Opening checkout…" className={className}>
        {children}
      </SubmitButton>
      <FormMessage>{state?.error}</FormMessage>
    </form>
  );
}
