// Liveness for load balancers and the dev orchestrator.
export function GET() {
  return Response.json({ ok: true });
}
