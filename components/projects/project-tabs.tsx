"use client";
// Overview / Members tabs of a project. Each tab is its own URL, so the
// browser's history and reload keep the tab.
import type { Route } from "next";
import Link from "next/link";
import { useSelectedLayoutSegment } from "next/navigation";
import { cn } from "@/components/ui/cn";

export function ProjectTabs({ projectId, memberCount }: { projectId: string; memberCount: number }) {
  const segment = useSelectedLayoutSegment();
  const tabs: Array<{ href: Route; label: string; count?: number; active: boolean }> = [
    { href: `/projects/${projectId}` as Route, label: "Overview", active: segment === null },
    { href: `/projects/${projectId}/members` as Route, label: "Members", count: memberCount, active: segment === "members" },
  ];
  return (
    <nav aria-label="Project sections" className="border-b border-border">
      <ul className="-mb-px flex gap-1">
        {tabs.map((tab) => (
          <li key={tab.label}>
            <Link
              href={tab.href}
              aria-current={tab.active ? "page" : undefined}
              className={cn(
                "inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium transition focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent",
                tab.active ? "border-accent text-fg" : "border-transparent text-muted hover:border-border hover:text-fg",
              )}
            >
              {tab.label}
              {tab.count !== undefined && (
                <span className="rounded-full bg-surface px-1.5 py-0.5 text-xs text-muted tabular-nums">{tab.count}</span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
