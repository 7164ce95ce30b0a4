import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResendConfirmationForm } from "@/components/auth/resend-confirmation-form";
import { SignInForm } from "@/components/auth/sign-in-form";
import { firstParam, noticeFor, type SearchParams } from "@/lib/auth/notices";
import { safeNextPath } from "@/lib/auth/redirect";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const rawNext = firstParam(params.next);
  const next = rawNext ? safeNextPath(rawNext) : undefined;
  const error = firstParam(params.error);
  const notice = noticeFor(error) ?? noticeFor(firstParam(params.notice));

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back."
      notice={notice}
      footer={
        <>
          New here?{" "}
          <Link href="/signup" className="font-medium text-fg underline-offset-4 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {error === "link_expired" && (
        <>
          <section aria-labelledby="resend-heading" className="flex flex-col gap-3">
            <h2 id="resend-heading" className="text-sm font-medium">
              Get a new confirmation link
            </h2>
            <ResendConfirmationForm />
          </section>
          <div className="flex items-center gap-3 text-xs text-muted" role="separator" aria-label="Or sign in">
            <span className="h-px flex-1 bg-border" />
            <span aria-hidden="true">or sign in</span>
            <span className="h-px flex-1 bg-border" />
          </div>
        </>
      )}
      <SignInForm next={next} />
    </AuthCard>
  );
}
