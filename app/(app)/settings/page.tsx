import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { firstParam, noticeFor, type Notice, type SearchParams } from "@/lib/auth/notices";
import { getViewer } from "@/lib/auth/queries";
import { createClient } from "@/lib/supabase/server";
import { AvatarForm } from "./_components/avatar-form";
import { DeleteAccountForm } from "./_components/delete-account-form";
import { EmailForm } from "./_components/email-form";
import { PasswordForm } from "./_components/password-form";
import { ProfileForm } from "./_components/profile-form";

export const metadata: Metadata = { title: "Settings" };

const EMAIL_LINK_EXPIRED: Notice = {
  tone: "error",
  title: "That email-change link has expired or was already used.",
  body: "Enter the new address again to get a fresh link.",
};

function Section({ title, description, children, tone }: { title: string; description: string; children: ReactNode; tone?: "danger" }) {
  return (
    <Card className={tone === "danger" ? "border-danger/40" : undefined}>
      <CardHeader title={title} description={description} />
      <CardContent>{children}</CardContent>
    </Card>
  );
}

export default async function SettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const supabase = await createClient();
  // getUser (not just the claims): the pending email change lives on the user record.
  const [{ data: auth }, viewer, params] = await Promise.all([supabase.auth.getUser(), getViewer(), searchParams]);
  if (!auth.user || !viewer) redirect("/login?next=/settings");
  const error = firstParam(params.error);
  const notice = error ? EMAIL_LINK_EXPIRED : noticeFor(firstParam(params.notice));

  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-sm text-muted">Your profile and how you sign in.</p>
      </div>
      {notice && (
        <FormMessage tone={notice.tone} title={notice.title}>
          {notice.body}
        </FormMessage>
      )}
      <Section title="Profile" description="How you appear in Launchpad.">
        <div className="flex flex-col gap-8">
          <AvatarForm userId={viewer.id} avatarUrl={viewer.avatarUrl} name={viewer.name} email={viewer.email} />
          <ProfileForm name={viewer.name} />
        </div>
      </Section>
      <Section title="Email address" description="Where we send sign-in links and receipts.">
        <EmailForm currentEmail={auth.user.email} pendingEmail={auth.user.new_email} />
      </Section>
      <Section title="Password" description="Enter your current password to choose a new one.">
        <PasswordForm email={auth.user.email} />
      </Section>
      <Section title="Delete account" description="Permanently remove your account and everything in it." tone="danger">
        <DeleteAccountForm email={auth.user.email} />
      </Section>
    </div>
  );
}
