// Which paths need a session and which are only for signed-out visitors.
// Shared by proxy.ts and tests so the guard and its tests cannot drift.
export const PROTECTED_PREFIXES = ["/dashboard", "/projects", "/billing", "/settings"] as const;
export const SIGNED_OUT_ONLY = ["/login", "/signup"] as const;

function matches(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function isProtectedPath(pathname: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => matches(pathname, prefix));
}

export function isSignedOutOnlyPath(pathname: string): boolean {
  return SIGNED_OUT_ONLY.some((prefix) => matches(pathname, prefix));
}
