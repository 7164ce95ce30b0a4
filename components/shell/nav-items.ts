import type { Route } from "next";

// The signed-in navigation.
export const NAV_ITEMS: ReadonlyArray<{ href: Route; label: string }> = [
  { href: "/dashboard", label: "Dashboard" },
  { href: "/billing", label: "Billing" },
  { href: "/settings", label: "Settings" },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
