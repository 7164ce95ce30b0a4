"use client";
// After a project goes to the trash the dashboard opens with ?deleted=<id>
// and this toast offers Undo (restore_project). Undo or dismiss drops the
// parameter, so reloading afterwards does not bring the toast back.
import type { Route } from "next";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useActionState } from "react";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/action";
import { restoreProjectAction } from "@/lib/projects/actions";

export function UndoDeleteToast({ projectId, name }: { projectId: string; name: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();

  function dismiss() {
    const params = new URLSearchParams(searchParams);
    params.delete("deleted");
    const query = params.toString();
    router.replace((query ? `${pathname}?${query}` : pathname) as Route, { scroll: false });
  }

  const [state, formAction] = useActionState(async (previous: ActionState | undefined, formData: FormData) => {
    const result = await restoreProjectAction(previous, formData);
    if (result.ok) dismiss();
    return result;
  }, undefined);

  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-40 flex justify-center px-4">
      <div
        role="status"
        className="pointer-events-auto flex w-full max-w-md items-center gap-3 rounded-xl border border-border bg-bg px-4 py-3 text-sm text-fg shadow-lg shadow-black/10 dark:shadow-black/40"
      >
        <p className="min-w-0 flex-1">
          <span dir="auto" className="font-medium break-words">
            “{name}”
          </span>{" "}
          moved to the trash.
          {state?.error && <span role="alert" className="mt-1 block text-danger">{state.error}</span>}
        </p>
        <form action={formAction}>
          <input type="hidden" name="projectId" value={projectId} />
          <SubmitButton size="sm" variant="secondary" pendingLabel="Restoring…">
            Undo
          </SubmitButton>
        </form>
        <button
          type="button"
          onClick={dismiss}
          aria-label="Dismiss"
          className="rounded-md p-1 text-muted hover:bg-surface hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 fill-current">
            <path d="M4.3 3.2 8 6.9l3.7-3.7 1.1 1.1L9.1 8l3.7 3.7-1.1 1.1L8 9.1l-3.7 3.7-1.1-1.1L6.9 8 3.2 4.3z" />
          </svg>
        </button>
      </div>
    </div>
  );
}
