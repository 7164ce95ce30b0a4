import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { publicEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Create your account" };

export default function SignUpPage() {
  return (
    <AuthCard title="Create your account" description="Start free. No credit card needed.">
      <SignUpForm mailboxUrl={publicEnv().localMailboxUrl} />
    </AuthCard>
  );
}
