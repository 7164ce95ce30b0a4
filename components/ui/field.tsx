"use client";
// A labelled form control with its hint and error. Field gives the control
// inside it (Input, Textarea, a file input…) its id, aria-invalid and an
// aria-describedby that points at the hint and the error text, through
// context, so the control markup stays plain: <Field label="Email"><Input name="email" /></Field>.
import { createContext, useContext, useId, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

export interface FieldControl {
  id: string;
  invalid: boolean;
  /** Ids of the hint and error elements, space-separated, or undefined. */
  describedBy: string | undefined;
}

const FieldContext = createContext<FieldControl | null>(null);

/** The surrounding Field's wiring, or null outside a Field. */
export function useFieldControl(): FieldControl | null {
  return useContext(FieldContext);
}

export interface FieldProps {
  label: ReactNode;
  /** Text under the control, e.g. the password rule; hidden while an error shows. */
  hint?: ReactNode;
  /** The messages from ActionState.fieldErrors[name]; the first is shown. */
  error?: string | string[];
  /** Shown at the end of the label row, e.g. a "Forgot password?" link. */
  labelAside?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function Field({ label, hint, error, labelAside, className, children }: FieldProps) {
  const id = useId();
  const message = Array.isArray(error) ? error[0] : error;
  // The error messages restate the rule, so the hint steps aside while one shows.
  const showHint = Boolean(hint) && !message;
  const hintId = showHint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3">
        <Label htmlFor={id}>{label}</Label>
        {labelAside}
      </div>
      <FieldContext.Provider value={{ id, invalid: Boolean(message), describedBy }}>{children}</FieldContext.Provider>
      {message && (
        <p id={errorId} className="flex items-start gap-1.5 text-sm text-danger">
          <ErrorIcon />
          <span>{message}</span>
        </p>
      )}
      {showHint && (
        <p id={hintId} className="text-sm text-muted">
          {hint}
        </p>
      )}
    </div>
  );
}

function ErrorIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="mt-0.5 size-3.5 shrink-0 fill-current">
      <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-.75 3.5h1.5v4.25h-1.5V4.5Zm0 5.75h1.5v1.5h-1.5v-1.5Z" />
    </svg>
  );
}
