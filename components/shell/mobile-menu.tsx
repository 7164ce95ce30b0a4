"use client";
// The navigation below the `sm` breakpoint: a disclosure button that opens a
// panel with the links, the account and sign-out. Escape (focus returns to
// the button), a link or a tap outside closes it.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { useHydrated } from "@/components/ui/use-hydrated";
import { NavLinks } from "./nav-links";

export function MobileMenu({ account }: { account: ReactNode }) {
  const [open, setOpen] = useState(false);
  const hydrated = useHydrated();
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);

  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    }
    // A tap outside the menu closes it, as on any phone menu.
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener("keydown", onKeyDown);
    document.addEventListener("pointerdown", onPointerDown);
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("pointerdown", onPointerDown);
    };
  }, [open]);

  return (
    <div ref={rootRef} className="sm:hidden">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        disabled={!hydrated}
        onClick={() => setOpen((isOpen) => !isOpen)}
        className="inline-flex size-10 items-center justify-center rounded-md text-fg hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent"
      >
        <span className="sr-only">{open ? "Close menu" : "Menu"}</span>
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5 fill-none stroke-current stroke-2">
          {open ? <path d="M6 6l12 12M18 6 6 18" strokeLinecap="round" /> : <path d="M4 7h16M4 12h16M4 17h16" strokeLinecap="round" />}
        </svg>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className={cn("absolute inset-x-0 top-full z-20 border-b border-border bg-bg px-4 pt-2 pb-4 shadow-lg")}
      >
        {/* Rendered only while open, so the closed menu leaves no second copy of the links and the name in the page. */}
        {open && (
          <>
            <nav aria-label="Main">
              <NavLinks orientation="vertical" onNavigate={() => setOpen(false)} />
            </nav>
            <div className="mt-3 border-t border-border pt-3">{account}</div>
          </>
        )}
      </div>
    </div>
  );
}
