import { redirect } from "next/navigation";
import { AppHeader } from "@/components/shell/app-header";
import { getViewer } from "@/lib/auth/queries";

// Every signed-in page. proxy.ts already sends signed-out visitors to /login
// with `next`; this check is the backstop if a route escapes the matcher.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-30 focus:rounded-md focus:bg-bg focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <AppHeader viewer={viewer} />
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6 sm:py-10">
        {children}
      </main>
    </div>
  );
}
