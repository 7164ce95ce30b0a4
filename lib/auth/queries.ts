import "server-only";
// Who is signed in, for layouts and pages. The session is verified locally
// (getClaims: ES256 + cached JWKS, as proxy.ts does) and the profile read
// through row level security. `cache` makes it one read per request however
// many components ask.
import { cache } from "react";
import type { Enums } from "@/lib/supabase/database.types";
import { createClient } from "@/lib/supabase/server";

export type Plan = Enums<"subscription_tier">;

export interface Viewer {
  id: string;
  email: string | null;
  name: string | null;
  avatarUrl: string | null;
  plan: Plan;
}

export const PLAN_LABELS: Record<Plan, string> = { free: "Free", pro: "Pro", studio: "Studio", enterprise: "Enterprise" };

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const supabase = await createClient();
  const { data: session } = await supabase.auth.getClaims();
  if (!session) return null;
  const { sub, email } = session.claims;
  const { data: profile, error } = await supabase
    .from("users")
    .select("email, name, avatar_url, subscription_tier")
    .eq("id", sub)
    .maybeSingle();
  if (error) throw new Error(`Could not read the profile of user ${sub}: ${error.message}`);
  return {
    id: sub,
    email: profile?.email ?? (typeof email === "string" ? email : null),
    name: profile?.name ?? null,
    avatarUrl: profile?.avatar_url ?? null,
    plan: profile?.subscription_tier ?? "free",
  };
});

/** What to call the user: their name, else the part of their email before the @. */
export function displayName(viewer: Pick<Viewer, "name" | "email">): string {
  return viewer.name?.trim() || viewer.email?.split("@")[0] || "Your account";
}
