import type { Metadata } from "next";

export const metadata: Metadata = { title: "Dashboard" };

// Placeholder: the projects dashboard is built by the projects feature.
export default function DashboardPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
      <div className="rounded-xl border border-dashed border-border px-6 py-12 text-center">
        <h2 className="font-medium">No projects yet</h2>
        <p className="mt-1 text-sm text-muted">Your projects will show up here.</p>
      </div>
    </div>
  );
}
