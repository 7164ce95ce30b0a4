import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CreateProjectForm } from "@/components/projects/create-project-form";
import { PlanUsage, UPGRADE_HREF } from "@/components/projects/plan-usage";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";
import { getViewer } from "@/lib/auth/queries";
import { getPlanUsage } from "@/lib/projects/queries";
import { createClient } from "@/lib/supabase/server";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/login?next=/projects/new");
  const usage = await getPlanUsage(await createClient(), viewer.id);

  return (
    <div className="mx-auto flex w-full max-w-xl flex-col gap-6">
      <Link href="/dashboard" className="text-sm text-muted hover:text-fg">
        ← All projects
      </Link>
      <Card>
        <CardHeader titleAs="h1" title="New project" description="Give it a name; you can change it, and invite people, afterwards." />
        <CardContent className="flex flex-col gap-5">
          {usage.reached ? (
            <FormMessage tone="info" title="You've reached your plan's project limit.">
              <p>
                Upgrade your plan, or delete a project you no longer need. <Link href={UPGRADE_HREF}>See plans</Link>
              </p>
            </FormMessage>
          ) : (
            <CreateProjectForm autoFocus />
          )}
          <PlanUsage usage={usage} />
        </CardContent>
      </Card>
    </div>
  );
}
