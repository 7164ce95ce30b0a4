// A message about the whole form: an error (announced at once, role=alert),
// or a success or note (role=status, announced politely). `children` may hold
// a follow-up action, e.g. a "Resend confirmation email" button.
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type FormMessageTone = "error" | "success" | "info";

const TONES: Record<FormMessageTone, string> = {
  error: "border-danger/40 bg-danger/8 text-danger",
  success: "border-success/40 bg-success/8 text-success",
  info: "border-border bg-surface text-fg",
};

export interface FormMessageProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  tone?: FormMessageTone;
  title?: ReactNode;
}

/** Renders nothing without a title or children, so `<FormMessage>{state?.error}</FormMessage>` is safe. */
export function FormMessage({ tone = "error", title, children, className, ...rest }: FormMessageProps) {
  if (!title && !children) return null;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn("rounded-md border px-3 py-2.5 text-sm outline-none", TONES[tone], className)}
      {...rest}
    >
      {title && <p className="font-medium">{title}</p>}
      {children && <div className={cn(title ? "mt-1" : undefined, "text-fg/90 [&_a]:underline")}>{children}</div>}
    </div>
  );
}
