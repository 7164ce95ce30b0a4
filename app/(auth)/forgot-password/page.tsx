import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { firstParam, noticeFor, type SearchParams } from "@/lib/auth/notices";
import { publicEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Reset your password" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const error = firstParam((await searchParams).error);
  const notice = error ? noticeFor(`reset_${error}`) : undefined;
  return (
    <AuthCard
      title="Reset your password"
      description="We'll email you a link to choose a new password."
      notice={notice}
      footer={
        <>
          Remembered it?{" "}
          <Link href="/login" className="font-medium text-fg underline-offset-4 hover:underline">
            Back to sign in
          </Link>
        </>
      }
    >
      <ForgotPasswordForm mailboxUrl={publicEnv().localMailboxUrl} />
    </AuthCard>
  );
}
