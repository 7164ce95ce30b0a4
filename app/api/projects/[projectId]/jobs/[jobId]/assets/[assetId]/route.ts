// GET: downloads one of a job's files. The URL is signed here, server side,
// with the user's own client, so storage's policy decides; the browser is
// redirected to it (a minute's validity) and the file arrives as an attachment.
import { NextResponse } from "next/server";
import { z } from "zod";
import { otherMethods } from "@/lib/http/methods";
import { signedDownloadUrl } from "@/lib/jobs/queries";
import { jobRefSchema } from "@/lib/jobs/schema";
import { createClient } from "@/lib/supabase/server";

export const dynamic = "force-dynamic";

const refSchema = jobRefSchema.extend({ assetId: z.guid({ error: "That is not a valid file id." }) });

const NOT_FOUND = "This file doesn't exist or you don't have access to it.";

export async function GET(_request: Request, { params }: { params: Promise<{ projectId: string; jobId: string; assetId: string }> }) {
  const parsed = refSchema.safeParse(await params);
  if (!parsed.success) return new NextResponse(parsed.error.issues[0]!.message, { status: 400 });
  const supabase = await createClient();
  const { data } = await supabase.auth.getUser();
  if (!data.user) return new NextResponse("Your session has ended. Sign in again to continue.", { status: 401 });
  const url = await signedDownloadUrl(supabase, parsed.data);
  if (!url) return new NextResponse(NOT_FOUND, { status: 404 });
  return NextResponse.redirect(url, { status: 303, headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET, HEAD");
