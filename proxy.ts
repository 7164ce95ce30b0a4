import { NextResponse, type NextRequest } from "next/server";
import { safeNextPath } from "@/lib/auth/redirect";
import { isProtectedPath, isSignedOutOnlyPath } from "@/lib/auth/routes";
import { updateSession, withSessionCookies } from "@/lib/supabase/middleware";

// Next 16's middleware file: refreshes the session cookies on every request and
// guards routes. The claims are verified locally (ES256 + cached JWKS), so the
// auth server is only called when tokens need refreshing.
export async function proxy(request: NextRequest) {
  const { response, claims } = await updateSession(request);
  const { pathname, search } = request.nextUrl;

  if (!claims && isProtectedPath(pathname)) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    return withSessionCookies(response, NextResponse.redirect(login));
  }
  if (claims && isSignedOutOnlyPath(pathname)) {
    const next = safeNextPath(request.nextUrl.searchParams.get("next"));
    return withSessionCookies(response, NextResponse.redirect(new URL(next, request.url)));
  }
  return response;
}

export const config = {
  // Everything but static assets and images.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|woff2?)$).*)"],
};
