// Where links in auth emails send people. Every one goes through /auth/confirm
// on our own site (listed in the Auth server's redirect allow-list), which
// finishes the sign-in and then sends the user on to `next`.
import { publicEnv } from "@/lib/env";
import { safeNextPath } from "./redirect";

export function confirmUrl(next: string): string {
  const url = new URL("/auth/confirm", publicEnv().siteUrl);
  url.searchParams.set("next", safeNextPath(next));
  return url.toString();
}

/** The local mailbox page filtered to one address; undefined outside local development. */
export function localMailboxLink(email: string | undefined): string | undefined {
  const mailbox = publicEnv().localMailboxUrl;
  if (!mailbox) return undefined;
  return email ? `${mailbox}/?to=${encodeURIComponent(email)}` : `${mailbox}/`;
}
