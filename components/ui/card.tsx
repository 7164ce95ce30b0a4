// A bordered panel: the auth forms and each settings section sit in one.
import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export function Card({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return <section className={cn("rounded-xl border border-border bg-bg shadow-sm", className)} {...props} />;
}

export function CardHeader({ title, description, className, titleAs: Title = "h2" }: { title: ReactNode; description?: ReactNode; className?: string; titleAs?: "h1" | "h2" | "h3" }) {
  return (
    <header className={cn("flex flex-col gap-1 px-5 pt-5 sm:px-6 sm:pt-6", className)}>
      <Title className="text-lg font-semibold tracking-tight">{title}</Title>
      {description && <p className="text-sm text-muted">{description}</p>}
    </header>
  );
}

export function CardContent({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("px-5 py-5 sm:px-6", className)} {...props} />;
}

export function CardFooter({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("flex flex-wrap items-center gap-3 border-t border-border bg-surface/60 px-5 py-3 text-sm sm:px-6 rounded-b-xl", className)} {...props} />;
}
