import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-6 text-center">
      <p className="text-sm font-medium text-accent">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">We couldn&apos;t find that page</h1>
      <p className="max-w-md text-muted">The link may be broken, or the page may have moved.</p>
      <div className="mt-2 flex flex-wrap justify-center gap-3">
        <Link href="/dashboard" className={buttonClasses()}>
          Go to your dashboard
        </Link>
        <Link href="/" className={buttonClasses({ variant: "secondary" })}>
          Home
        </Link>
      </div>
    </main>
  );
}
