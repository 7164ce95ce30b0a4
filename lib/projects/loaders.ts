import "server-only";
// The project reads bound to the request's user-scoped client, memoised per
// request with React's cache: the project layout and its pages ask for the
// same project and members without a second round trip.
import { cache } from "react";
import { createClient } from "@/lib/supabase/server";
import { getProject, listMembers } from "./queries";

export const loadProject = cache(async (projectId: string) => getProject(await createClient(), projectId));

export const loadMembers = cache(async (projectId: string) => listMembers(await createClient(), projectId));

/** One "now" per request, so every "3 hours ago" on a page is measured from the same instant. */
export const requestTime = cache(() => Date.now());
