// GET /auth/confirm: where every auth email's link lands (see lib/auth/confirm.ts).
// A good link signs the user in (session cookies) and goes on to `next`; a bad
// one goes to a page that says so and offers a fresh link.
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { otherMethods } from "@/lib/http/methods";
import { failureRedirect, isOtherBrowserError, planConfirmation, withNotice } from "@/lib/auth/confirm";
import { createClient } from "@/lib/supabase/server";

export async function GET(request: NextRequest) {
  const plan = planConfirmation(request.nextUrl.searchParams);
  if (plan.kind === "failed") redirect(failureRedirect(plan.next, "link_expired"));
  if (plan.kind === "partial") redirect(withNotice(plan.next, "confirm_other_email"));

  const supabase = await createClient();
  if (plan.kind === "verify") {
    const { data, error } = await supabase.auth.verifyOtp({ type: plan.type, token_hash: plan.tokenHash });
    if (error) redirect(failureRedirect(plan.next, "link_expired"));
    // With double-confirmed email changes the first link answers without a session.
    if (!data.session) redirect(withNotice(plan.next, plan.type === "email_change" ? "confirm_other_email" : "email_confirmed"));
    redirect(plan.type === "email_change" ? withNotice(plan.next, "email_changed") : plan.next);
  }

  const { error } = await supabase.auth.exchangeCodeForSession(plan.code);
  if (error) {
    // The Auth server already accepted the link (it issued the code), so only
    // this browser's half of the PKCE flow is missing or stale.
    redirect(failureRedirect(plan.next, isOtherBrowserError(error) ? "link_other_browser" : "link_expired"));
  }
  redirect(plan.next);
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET, HEAD");
