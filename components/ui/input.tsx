"use client";
// A text-like input. Inside a Field it takes the Field's id and ARIA wiring;
// explicit props still win, so it also works on its own.
import type { ComponentProps } from "react";
import { cn } from "./cn";
import { useFieldControl } from "./field";

export const controlClasses = cn(
  "w-full rounded-md border border-border bg-bg px-3 text-fg shadow-xs placeholder:text-muted",
  "focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-accent/40",
  "disabled:cursor-not-allowed disabled:opacity-60",
  "aria-invalid:border-danger aria-invalid:focus-visible:outline-danger/40",
);

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  const field = useFieldControl();
  const isFile = type === "file";
  return (
    <input
      type={type}
      id={field?.id}
      aria-invalid={field?.invalid || undefined}
      aria-describedby={field?.describedBy}
      className={cn(
        controlClasses,
        isFile
          ? "py-1.5 text-sm file:mr-3 file:rounded file:border-0 file:bg-surface file:px-3 file:py-1 file:text-sm file:font-medium file:text-fg"
          : "h-10 text-base sm:text-sm",
        className,
      )}
      {...props}
    />
  );
}
