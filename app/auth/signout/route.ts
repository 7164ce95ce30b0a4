// POST /auth/signout: ends this browser's session and goes to the sign-in page.
// POST only, so a link or an <img> on another site can't sign anyone out, and
// a cross-site form post is refused by its Origin header.
import { NextResponse, type NextRequest } from "next/server";
import { otherMethods } from "@/lib/http/methods";
import { createClient } from "@/lib/supabase/server";

function isSameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return true; // not sent by every browser for same-origin form posts
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request)) {
    return NextResponse.json({ error: "Cross-site sign-out refused." }, { status: 403 });
  }
  const supabase = await createClient();
  await supabase.auth.signOut({ scope: "local" });
  // 303 so the browser follows with a GET; a relative Location keeps the host the browser used.
  return new NextResponse(null, { status: 303, headers: { Location: "/login?notice=signed_out" } });
}

export function GET() {
  return NextResponse.json(
    { error: "Sign out with a POST request (the sign-out button)." },
    { status: 405, headers: { Allow: "POST" } },
  );
}

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods("POST");
