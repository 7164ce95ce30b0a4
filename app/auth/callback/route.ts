// GET /auth/callback: the PKCE redirect target for OAuth providers and magic
// links: exchanges `code` for a session and continues to `next`.
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { otherMethods } from "@/lib/http/methods";
import { failureRedirect, isOtherBrowserError } from "@/lib/auth/confirm";
import { safeNextPath } from "@/lib/auth/redirect";
import { createClient } from "@/lib/supabase/server";

export async function GET(request: NextRequest) {
  const search = request.nextUrl.searchParams;
  const next = safeNextPath(search.get("next"));
  const code = search.get("code");
  if (!code || search.has("error") || search.has("error_code")) redirect(failureRedirect(next, "link_expired"));

  const supabase = await createClient();
  const { error } = await supabase.auth.exchangeCodeForSession(code);
  if (error) {
    redirect(failureRedirect(next, isOtherBrowserError(error) ? "link_other_browser" : "link_expired"));
  }
  redirect(next);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET, HEAD");
