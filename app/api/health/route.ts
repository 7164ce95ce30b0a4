// Liveness for load balancers and the dev orchestrator.
import { otherMethods } from "@/lib/http/methods";

export function GET() {
  return Response.json({ ok: true });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET, HEAD");
