// The header of the public pages that sit outside the signed-in app shell.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export function SiteHeader({ signedIn }: { signedIn: boolean }) {
  return (
    <header className="flex items-center justify-between gap-4">
      <Link href="/" className="flex items-center gap-2 rounded font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-accent">
        <span aria-hidden="true" className="inline-block size-6 rounded-md bg-accent" />
        Launchpad
      </Link>
      <nav aria-label="Site" className="flex items-center gap-2 text-sm sm:gap-4">
        <Link href="/pricing" aria-current="page" className="hidden font-medium text-fg sm:inline">Pricing</Link>
        {signedIn ? (
          <Link href="/dashboard" className={buttonClasses({ size: "sm" })}>Dashboard</Link>
        ) : (
          <>
            <Link href="/login" className="text-muted hover:text-fg">Sign in</Link>
            <Link href="/signup" className={buttonClasses({ size: "sm" })}>Get started</Link>
          </>
        )}
      </nav>
    </header>
  );
}
