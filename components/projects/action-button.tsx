"use client";
// A one-button form for an action on one thing (restore, delete, leave…):
// hidden inputs say which, the button shows the pending state, and a refusal
// appears next to it. With `confirm`, the first click asks before acting.
import { useActionState, useRef, useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ActionState } from "@/lib/action";

type ServerAction = (previous: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export interface ActionButtonProps {
  action: ServerAction;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  variant?: ButtonVariant;
  /** Asks "<confirm>" with Cancel / <label> before submitting. */
  confirm?: string;
  className?: string;
  /** Called with the action's success message; for a parent that outlives this button (the row may go away). */
  onSuccess?: (message: string | undefined) => void;
}

export function ActionButton({ action, fields, label, pendingLabel, variant = "secondary", confirm, className, onSuccess }: ActionButtonProps) {
  const [state, formAction] = useActionState(async (previous: ActionState | undefined, formData: FormData) => {
    const result = await action(previous, formData);
    if (result.ok) onSuccess?.(result.message);
    return result;
  }, undefined);
  const [confirming, setConfirming] = useState(false);
  const hydrated = useHydrated();
  // Cancel puts focus back on the button that asked, which mounts anew.
  const cancelled = useRef(false);
  const focusAfterCancel = (button: HTMLButtonElement | null) => {
    if (button && cancelled.current) {
      cancelled.current = false;
      button.focus();
    }
  };

  return (
    <div className={className}>
      {confirm && !confirming ? (
        // The first step only asks, so it looks quieter than the button that acts.
        <Button ref={focusAfterCancel} variant="secondary" size="sm" className={variant === "danger" ? "text-danger" : undefined} disabled={!hydrated} onClick={() => setConfirming(true)}>
          {label}
        </Button>
      ) : (
        <form action={formAction} className="flex flex-wrap items-center gap-2">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {confirm && <span className="text-sm font-medium">{confirm}</span>}
          {confirm && (
            // The button that asked is gone: focus the safe answer.
            <Button
              size="sm"
              variant="ghost"
              autoFocus
              onClick={() => {
                cancelled.current = true;
                setConfirming(false);
              }}
            >
              Cancel
            </Button>
          )}
          <SubmitButton size="sm" variant={variant} pendingLabel={pendingLabel}>
            {label}
          </SubmitButton>
        </form>
      )}
      {state?.error && (
        <p role="alert" className="mt-2 text-sm text-danger">
          {state.error}
        </p>
      )}
    </div>
  );
}
