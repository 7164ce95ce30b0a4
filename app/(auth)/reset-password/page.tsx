import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { buttonClasses } from "@/components/ui/button";
import { isRecoverySession } from "@/lib/auth/recovery";
import { createClient } from "@/lib/supabase/server";

export const metadata: Metadata = { title: "Choose a new password" };

// Reached through the reset email's link (/auth/confirm signs the user in first).
export default async function ResetPasswordPage() {
  const supabase = await createClient();
  const { data } = await supabase.auth.getClaims();
  const email = typeof data?.claims.email === "string" ? data.claims.email : undefined;

  // Signed in some other way: the current password is needed, on /settings.
  if (!data || !isRecoverySession(data.claims)) {
    return (
      <AuthCard
        title="Choose a new password"
        notice={{ tone: "error", title: "This page needs a valid reset link.", body: "Reset links work once and for an hour. Request a new one." }}
      >
        <Link href="/forgot-password" className={buttonClasses()}>
          Request a new link
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password" description={email ? <>For {email}</> : undefined}>
      <ResetPasswordForm email={email} />
    </AuthCard>
  );
}
