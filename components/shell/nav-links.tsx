"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { isActive, NAV_ITEMS } from "./nav-items";

/** The main navigation; the current page is marked with aria-current. */
export function NavLinks({ orientation = "horizontal", onNavigate }: { orientation?: "horizontal" | "vertical"; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className={cn("flex", orientation === "horizontal" ? "items-center gap-1" : "flex-col gap-1")}>
      {NAV_ITEMS.map((item) => {
        const current = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              onClick={onNavigate}
              className={cn(
                "block rounded-md px-3 py-2 text-sm font-medium transition focus-visible:outline-2 focus-visible:outline-accent",
                current ? "bg-surface text-fg" : "text-muted hover:bg-surface hover:text-fg",
                orientation === "vertical" && "py-2.5 text-base",
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
