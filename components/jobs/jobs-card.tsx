// The project page's Jobs card: loads the latest jobs as the signed-in user,
// then hands them to the client panel that polls while any is running.
import { Card, CardContent } from "@/components/ui/card";
import { listJobs } from "@/lib/jobs/queries";
import type { ProjectRole } from "@/lib/projects/types";
import { createClient } from "@/lib/supabase/server";
import { JobsPanel } from "./jobs-panel";

export async function JobsCard({ projectId, role, now }: { projectId: string; role: ProjectRole; now: number }) {
  const jobs = await listJobs(await createClient(), projectId);
  return (
    <Card aria-labelledby="jobs-heading">
      <header className="flex flex-col gap-1 px-5 pt-5 sm:px-6 sm:pt-6">
        <h2 id="jobs-heading" className="text-lg font-semibold tracking-tight">
          Jobs
        </h2>
        <p className="text-sm text-muted">Exports and reports run in the background; their files stay here to download.</p>
      </header>
      <CardContent>
        <JobsPanel projectId={projectId} initialJobs={jobs} canRun={role !== "viewer"} initialNow={now} />
      </CardContent>
    </Card>
  );
}
