"use client";
// The multi-line and pick-one controls project forms need, styled and wired
// like components/ui/input.tsx (id and ARIA from the surrounding Field).
import type { SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { cn } from "@/components/ui/cn";
import { useFieldControl } from "@/components/ui/field";
import { controlClasses } from "@/components/ui/input";

export function Textarea({ className, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const field = useFieldControl();
  return (
    <textarea
      id={field?.id}
      aria-invalid={field?.invalid || undefined}
      aria-describedby={field?.describedBy}
      className={cn(controlClasses, "min-h-24 py-2 text-base leading-relaxed sm:text-sm", className)}
      {...props}
    />
  );
}

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  const field = useFieldControl();
  return (
    <select
      id={field?.id}
      aria-invalid={field?.invalid || undefined}
      aria-describedby={field?.describedBy}
      className={cn(controlClasses, "h-10 pr-8 text-base sm:text-sm", className)}
      {...props}
    />
  );
}
