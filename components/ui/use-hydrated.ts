"use client";
// False in the server HTML and during hydration, true once React runs in the
// browser. Controls that work only with JavaScript (an onClick, a browser-side
// upload) are disabled until then, so an early click isn't silently lost or
// sent as a plain GET; controls backed by a server-action form don't need it.
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
