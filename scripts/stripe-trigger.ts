// npm run stripe:trigger <event-type> [--customer cus_x] [--price pro_monthly] [--url http://localhost:3000/api/webhooks/stripe]
//
// Like `stripe trigger`: asks the running local Stripe emulator (STRIPE_API_URL,
// default http://127.0.0.1:12111) to create what the event needs and send it,
// with the events around it, to the registered webhook endpoints — or only to
// --url. Prints each event and how its delivery went.
import { parseArgs } from "node:util";

interface Delivery {
  url: string;
  attempt: number;
  status: number | null;
  ok: boolean;
  error: string | null;
}
interface TriggerResponse {
  requested: string;
  events: { id: string; type: string; deliveries: Delivery[] }[];
}
interface ErrorResponse {
  error: { message: string };
}

const USAGE = "usage: npm run stripe:trigger <event-type> [--customer cus_x] [--price <lookup_key|price_id>] [--url <webhook url>]";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { customer: { type: "string" }, price: { type: "string" }, url: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const apiUrl = (process.env.STRIPE_API_URL ?? "http://127.0.0.1:12111").replace(/\/$/, "");
  const [eventType, ...extra] = positionals;
  if (values.help || !eventType || extra.length > 0) {
    console.error(USAGE);
    const list = await fetch(`${apiUrl}/_emulator/triggers`).then((r) => r.json() as Promise<{ data: string[] }>).catch(() => null);
    if (list) console.error(`event types: ${list.data.join(", ")}`);
    return values.help ? 0 : 2;
  }

  let response: Response;
  try {
    response = await fetch(`${apiUrl}/_emulator/trigger`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event: eventType, customer: values.customer, price: values.price, url: values.url }),
    });
  } catch {
    console.error(`The local Stripe emulator is not running at ${apiUrl}. Start it with \`npm run dev\` (or \`npx tsx emulators/stripe/main.ts\`), or set STRIPE_API_URL.`);
    return 1;
  }
  const body = (await response.json().catch(() => null)) as TriggerResponse | ErrorResponse | null;
  if (!response.ok || !body || "error" in body) {
    const message = body && "error" in body ? body.error.message : `HTTP ${response.status}`;
    console.error(`Trigger failed: ${message}`);
    return 1;
  }

  console.log(`Triggered ${body.requested}: ${body.events.length} event(s) sent`);
  let failed = 0;
  for (const event of body.events) {
    const marker = event.type === body.requested ? "*" : " ";
    const targets = event.deliveries.length
      ? event.deliveries.map((d) => `${d.url} → ${d.ok ? d.status : `FAILED (${d.status ?? d.error}, ${d.attempt} attempts)`}`).join("; ")
      : "no webhook endpoint registered";
    if (event.deliveries.some((d) => !d.ok)) failed += 1;
    console.log(`${marker} ${event.type.padEnd(32)} ${event.id}  ${targets}`);
  }
  if (failed > 0) console.error(`${failed} event(s) were not accepted by the endpoint.`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
