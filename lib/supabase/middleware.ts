// Session refresh for proxy.ts: reads the auth cookies, refreshes the tokens
// when they are about to expire, and verifies the access token's signature
// against the project's JWKS (cached), so no auth server call per request.
import { createServerClient } from "@supabase/ssr";
import type { JwtPayload } from "@supabase/supabase-js";
import { NextResponse, type NextRequest } from "next/server";
import { publicEnv } from "@/lib/env";
import type { Database } from "./database.types";

export interface SessionResult {
  /** The response to return (or to copy cookies from): carries refreshed cookies. */
  response: NextResponse;
  /** Verified claims of the signed-in user, or null when signed out. */
  claims: JwtPayload | null;
}

export async function updateSession(request: NextRequest): Promise<SessionResult> {
  let response = NextResponse.next({ request });
  const { supabaseUrl, supabasePublishableKey } = publicEnv();
  const supabase = createServerClient<Database>(supabaseUrl, supabasePublishableKey, {
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll(cookiesToSet, headers) {
        for (const { name, value } of cookiesToSet) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of cookiesToSet) response.cookies.set(name, value, options);
        for (const [key, value] of Object.entries(headers ?? {})) response.headers.set(key, value);
      },
    },
  });
  // Nothing may run between creating the client and getClaims(): it is what
  // refreshes an expiring session and writes the new cookies.
  const { data } = await supabase.auth.getClaims();
  return { response, claims: data?.claims ?? null };
}

/** Copies the (possibly refreshed) auth cookies onto a redirect response. */
export function withSessionCookies(from: NextResponse, to: NextResponse): NextResponse {
  for (const cookie of from.cookies.getAll()) to.cookies.set(cookie);
  return to;
}
