import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { TrashList } from "@/components/projects/trash-list";
import { getViewer } from "@/lib/auth/queries";
import { requestTime } from "@/lib/projects/loaders";
import { listTrash } from "@/lib/projects/queries";
import { TRASH_RETENTION_DAYS } from "@/lib/projects/schema";
import { createClient } from "@/lib/supabase/server";

export const metadata: Metadata = { title: "Trash" };

export default async function TrashPage() {
  const viewer = await getViewer();
  if (!viewer) redirect("/login?next=/projects/trash");
  const projects = await listTrash(await createClient(), viewer.id);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <Link href="/dashboard" className="text-sm text-muted hover:text-fg">
          ← All projects
        </Link>
        <div className="flex flex-col gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">Trash</h1>
          <p className="text-sm text-muted">
            Projects you deleted stay here for {TRASH_RETENTION_DAYS} days, then they are deleted for good with their jobs and files.
          </p>
        </div>
      </div>
      <TrashList projects={projects} now={requestTime()} />
    </div>
  );
}
