// Previous / next links for the dashboard. The page lives in the URL
// (?q=&page=), so back, forward and reload keep the place.
import type { Route } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { DASHBOARD_PAGE_SIZE } from "@/lib/projects/schema";

export function dashboardHref({ q, page }: { q: string; page: number }): Route {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return (query ? `/dashboard?${query}` : "/dashboard") as Route;
}

export function Pagination({ q, page, pageCount, total, shown }: { q: string; page: number; pageCount: number; total: number; shown: number }) {
  const first = (page - 1) * DASHBOARD_PAGE_SIZE + 1;
  const last = first + shown - 1;
  const disabled = "pointer-events-none opacity-50";
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted" aria-live="polite">
        {shown > 0 ? (
          <>
            Showing {first}–{last} of {total}
          </>
        ) : (
          <>Page {page} is empty</>
        )}
      </p>
      {pageCount > 1 && (
        <div className="flex items-center gap-2">
          {page > 1 ? (
            <Link href={dashboardHref({ q, page: Math.min(page - 1, pageCount) })} rel="prev" className={buttonClasses({ variant: "secondary", size: "sm" })}>
              ← Previous
            </Link>
          ) : (
            <span aria-disabled="true" className={buttonClasses({ variant: "secondary", size: "sm", className: disabled })}>
              ← Previous
            </span>
          )}
          <span className="px-1 text-muted">
            Page {Math.min(page, pageCount)} of {pageCount}
          </span>
          {page < pageCount ? (
            <Link href={dashboardHref({ q, page: page + 1 })} rel="next" className={buttonClasses({ variant: "secondary", size: "sm" })}>
              Next →
            </Link>
          ) : (
            <span aria-disabled="true" className={buttonClasses({ variant: "secondary", size: "sm", className: disabled })}>
              Next →
            </span>
          )}
        </div>
      )}
    </nav>
  );
}
