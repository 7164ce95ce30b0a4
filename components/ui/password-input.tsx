"use client";
// A password input with a show/hide toggle, so people can check what they
// typed on a phone keyboard. The toggle reads "Show password" / "Hide password".
import { useState, type ComponentProps } from "react";
import { cn } from "./cn";
import { Input } from "./input";
import { useHydrated } from "./use-hydrated";

export function PasswordInput({ className, ...props }: Omit<ComponentProps<"input">, "type">) {
  const [visible, setVisible] = useState(false);
  const hydrated = useHydrated();
  return (
    <div className="relative">
      <Input type={visible ? "text" : "password"} className={cn("pr-16", className)} {...props} />
      <button
        type="button"
        disabled={!hydrated}
        onClick={() => setVisible((shown) => !shown)}
        className="absolute inset-y-1 right-1 rounded px-2 text-xs font-medium text-muted hover:bg-surface hover:text-fg focus-visible:outline-2 focus-visible:outline-accent"
      >
        {visible ? "Hide" : "Show"}
        <span className="sr-only"> password</span>
      </button>
    </div>
  );
}
