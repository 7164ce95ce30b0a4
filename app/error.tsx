"use client";
// Shown when a page throws. The message stays generic (details are in the
// server log, tied to the digest) and "Try again" re-renders the page.
import { useEffect } from "react";
import { Button } from "@/components/ui/button";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="max-w-md text-muted">
        We couldn&apos;t load this page. Try again, and if it keeps happening, let us know
        {error.digest ? (
          <>
            {" "}
            and quote <code className="rounded bg-surface px-1 font-mono text-sm">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <Button onClick={reset}>Try again</Button>
    </main>
  );
}
