import "server-only";
// Checks a user's current password without touching their browser session:
// a throwaway client signs in (nothing persisted), and the session it got is
// revoked straight away. Used before changing the password.
import { createClient } from "@supabase/supabase-js";
import { publicEnv } from "@/lib/env";
import type { AuthError } from "@supabase/supabase-js";

export async function verifyPassword(email: string, password: string): Promise<AuthError | null> {
  const { supabaseUrl, supabasePublishableKey } = publicEnv();
  const verifier = createClient(supabaseUrl, supabasePublishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
  const { error } = await verifier.auth.signInWithPassword({ email, password });
  if (error) return error;
  await verifier.auth.signOut({ scope: "local" });
  return null;
}
