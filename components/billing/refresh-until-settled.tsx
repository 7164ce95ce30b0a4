"use client";
// After Checkout the browser is back before Stripe's webhook has necessarily
// landed. The server renders this only while the plan is still being applied;
// it re-renders the page every second, and disappears (stopping the polling)
// as soon as the server sees the webhook's result.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

export function RefreshUntilSettled({ everyMs = 1000, giveUpAfterMs = 60_000 }: { everyMs?: number; giveUpAfterMs?: number }) {
  const router = useRouter();
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > giveUpAfterMs) {
        clearInterval(timer);
        setGaveUp(true);
        return;
      }
      router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs, giveUpAfterMs]);
  return gaveUp ? (
    <p className="mt-1 text-sm">
      This is taking longer than usual. Your payment is safe; reload this page in a minute to see your plan.
    </p>
  ) : null;
}
