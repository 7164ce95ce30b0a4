// The header of every signed-in page: brand, navigation, and the account
// (picture, name, plan, sign-out). From `sm` up everything is inline; below
// it the navigation and account move into the mobile menu.
import Link from "next/link";
import { Avatar } from "@/components/ui/avatar";
import { displayName, type Viewer } from "@/lib/auth/queries";
import { MobileMenu } from "./mobile-menu";
import { NavLinks } from "./nav-links";
import { PlanBadge } from "./plan-badge";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({ viewer }: { viewer: Viewer }) {
  const name = displayName(viewer);
  return (
    <header className="relative border-b border-border bg-bg">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
        <Link href="/dashboard" className="flex items-center gap-2 rounded font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-accent">
          <span aria-hidden="true" className="inline-block size-6 rounded-md bg-accent" />
          Launchpad
        </Link>
        <nav aria-label="Main" className="hidden sm:block">
          <NavLinks />
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-3">
          <Link href="/settings" className="flex min-w-0 items-center gap-2 rounded-md p-1 hover:bg-surface focus-visible:outline-2 focus-visible:outline-accent" aria-label="Your account">
            <Avatar src={viewer.avatarUrl} name={viewer.name} email={viewer.email} size={28} />
            <span data-testid="account-name" className="hidden max-w-40 truncate text-sm font-medium md:inline">{name}</span>
          </Link>
          <PlanBadge plan={viewer.plan} />
          <div className="hidden sm:block">
            <SignOutButton />
          </div>
          <MobileMenu
            account={
              <div className="flex items-center justify-between gap-3">
                <div className="flex min-w-0 items-center gap-2">
                  <Avatar src={viewer.avatarUrl} name={viewer.name} email={viewer.email} size={32} />
                  <div className="min-w-0">
                    <p className="truncate text-sm font-medium">{name}</p>
                    {viewer.email && <p className="truncate text-xs text-muted">{viewer.email}</p>}
                  </div>
                </div>
                <SignOutButton variant="secondary" />
              </div>
            }
          />
        </div>
      </div>
    </header>
  );
}
