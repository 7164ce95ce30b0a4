import { NextResponse, type NextRequest } from "next/server";
import { safeNextPath } from "@/lib/auth/redirect";
import { isProtectedPath, isSignedOutOnlyPath } from "@/lib/auth/routes";
import { updateSession, withSessionCookies } from "@/lib/supabase/middleware";

// Next 16's middleware file: refreshes the session cookies on every request and
// guards routes. The claims are verified locally (ES256 + cached JWKS), so the
// auth server is only called when tokens need refreshing.
// Next's limit for a server action's body (serverActions.bodySizeLimit, 1 MB).
// Next answers a bigger one with a 500 after reading a megabyte of it; a
// declared size over the limit gets a 413 here, unread.
const ACTION_BODY_LIMIT = 1024 * 1024;

export async function proxy(request: NextRequest) {
  if (request.method === "POST" && Number(request.headers.get("content-length")) > ACTION_BODY_LIMIT) {
    return new NextResponse("This form is too large to send (the limit is 1 MB).", { status: 413, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const started = performance.now();
  const { response, claims } = await updateSession(request);
  const { pathname, search } = request.nextUrl;

  let result = response;
  if (!claims && isProtectedPath(pathname)) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    result = withSessionCookies(response, NextResponse.redirect(login));
  } else if (claims && isSignedOutOnlyPath(pathname)) {
    const next = safeNextPath(request.nextUrl.searchParams.get("next"));
    result = withSessionCookies(response, NextResponse.redirect(new URL(next, request.url)));
  }
  // What the session check cost, visible in the browser's network panel and to
  // `npm run bench:proxy`.
  result.headers.append("Server-Timing", `proxy;desc="session check";dur=${(performance.now() - started).toFixed(2)}`);
  return result;
}

export const config = {
  // Everything but static assets, images, the liveness probe (load balancers
  // call it often, without a session) and the webhooks (Stripe has no session,
  // and its signature is checked on the raw body, which should reach the route
  // untouched).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/health$|api/webhooks/|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|woff2?)$).*)"],
};
