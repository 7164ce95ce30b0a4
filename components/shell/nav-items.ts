import type { Route } from "next";

// The signed-in navigation. /billing is built by the billing feature; until it
// exists the typed-routes check can't know it, hence the cast.
export const NAV_ITEMS: ReadonlyArray<{ href: Route; label: string }> = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/billing" as Route, label: "Billing" },
  { href: "/settings", label: "Settings" },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
