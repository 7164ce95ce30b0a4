// GET: the project's latest jobs as JSON, read with the user's own client
// (RLS shows members only their projects' jobs). The jobs card polls this
// every second while a job is queued or running, since Realtime is not
// available on the local stack. A project the user can't open (unknown,
// trashed, someone else's) is a 404, as its page is.
import { NextResponse } from "next/server";
import { otherMethods } from "@/lib/http/methods";
import { listJobs } from "@/lib/jobs/queries";
import { NO_ACCESS_MESSAGE } from "@/lib/projects/errors";
import { getProject } from "@/lib/projects/queries";
import { projectIdSchema } from "@/lib/projects/schema";
import { createClient } from "@/lib/supabase/server";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  if (!projectIdSchema.safeParse(projectId).success) {
    return NextResponse.json({ error: "That is not a valid project id." }, { status: 400 });
  }
  const supabase = await createClient();
  const { data } = await supabase.auth.getUser();
  if (!data.user) return NextResponse.json({ error: "Your session has ended. Sign in again to continue." }, { status: 401 });
  const [project, jobs] = await Promise.all([getProject(supabase, projectId), listJobs(supabase, projectId)]);
  if (!project) return NextResponse.json({ error: NO_ACCESS_MESSAGE }, { status: 404, headers: { "cache-control": "no-store" } });
  return NextResponse.json({ jobs }, { headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET, HEAD");
