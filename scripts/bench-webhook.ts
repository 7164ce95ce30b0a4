// npm run bench:webhook [-- --events 2000 --concurrency 8 --seed 7 --timeout 240]
//
// How fast the Stripe webhook applies events, and proof that none is lost or
// applied twice. Starts a throwaway stack (embedded Postgres + the Supabase
// emulator, free ports, data under .local/bench-webhook-<pid>) and calls the route
// handler in-process: app/api/webhooks/stripe/route.ts's POST gets a Request
// with the raw signed body, exactly what Next hands it, and goes through
// signature verification, payload parsing and the SQL function via the
// service-role Data API. (Not through `next start`: a production build takes
// minutes on a small machine and bakes the stack's URL into the bundle.) The
// stack runs in a child process, as the Supabase API runs apart from the app.
//
// Workload: subscriptions of many users, each a timeline of snapshots
// (created, plan change, cancel at period end, past_due, deleted) with
// increasing Stripe `created` times; 20% of deliveries repeat an event; all
// shuffled; 8 at a time. Expected end state: each user holds the newest
// snapshot of their timeline, every event is recorded once, every duplicate
// answered "duplicate", and no event wrote more than one audit row.
// Memory: this process's JS heap after a forced GC (outside the clock) before
// and after the run, the growth per 1000 deliveries, and its RSS; this is the
// process the route handler runs in.
// Stops everything and deletes its data, also on timeout or failure.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import { createInterface } from "node:readline";
import { registerHooks } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort } from "../emulators/supabase/postgres.ts";
import { startLocalStack } from "../emulators/supabase/stack.ts";
import { LOCAL_SECRET_KEY, LOCAL_PUBLISHABLE_KEY } from "../emulators/supabase/keys.ts";
import { heapAfterGc, kibDelta, mib } from "./lib/memory.ts";
import { TEST_WEBHOOK_SECRET, T0, signedRequest, stripeEvent, stripeId, subscriptionObject, type SubscriptionFields } from "../lib/billing/test-support.ts";

// lib/billing is server code marked `import "server-only"`, which throws outside Next's server bundles.
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === "server-only"
      ? { url: pathToFileURL(path.resolve("node_modules/server-only/empty.js")).href, shortCircuit: true }
      : next(specifier, context),
});

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "8" },
    duplicates: { type: "string", default: "0.2" },
    seed: { type: "string", default: "7" },
    timeout: { type: "string", default: "240" },
    "serve-stack": { type: "string" },
  },
});

// Child mode: start the stack in <dir>, print its URLs as one JSON line, stop on SIGTERM.
if (values["serve-stack"]) {
  const stack = await startLocalStack({
    localDir: values["serve-stack"],
    ports: { db: await freePort(), api: await freePort(), mailbox: await freePort() },
    ephemeral: true,
    logLevel: "silent",
    log: () => undefined,
  });
  process.once("SIGTERM", () => void stack.stop().finally(() => process.exit(0)));
  console.log(JSON.stringify({ apiUrl: stack.apiUrl, dbUrl: stack.dbUrl }));
  await new Promise(() => undefined);
}
const DELIVERIES = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const DUPLICATE_SHARE = Number(values.duplicates);
const TARGET_PER_SECOND = 300;
const TIMELINE = 5; // events per subscription
const DATA_DIR = path.resolve(`.local/bench-webhook-${process.pid}`);

/** mulberry32: a seeded PRNG, so a run can be repeated exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(Number(values.seed));
const shuffle = <T>(items: T[]) => {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
};

interface Planned {
  userId: string;
  events: { id: string; body: string }[];
  /** The newest snapshot: what the database must end with. */
  last: { eventId: string; status: string; tier: string; cancelAtPeriodEnd: boolean };
}

/** One user's subscription timeline; `length` snapshots, one second apart. */
function timeline(userId: string, length: number): Planned {
  const id = stripeId("sub");
  const customer = stripeId("cus");
  const steps: [string, Partial<SubscriptionFields>][] = [
    ["customer.subscription.created", { status: "active", lookupKey: "pro_monthly" }],
    ["customer.subscription.updated", { status: "active", lookupKey: "studio_monthly" }],
    ["customer.subscription.updated", { status: "active", lookupKey: "studio_monthly", cancelAtPeriodEnd: true }],
    ["customer.subscription.updated", { status: "past_due", lookupKey: "studio_monthly", cancelAtPeriodEnd: true }],
    ["customer.subscription.deleted", { status: "canceled", lookupKey: "studio_monthly", canceledAt: T0 + 4 }],
  ];
  const events = steps.slice(0, length).map(([type, fields], i) => {
    const event = stripeEvent(type, subscriptionObject({ id, customer, userId, ...fields }), { created: T0 + i });
    return { id: event.id, body: JSON.stringify(event, null, 2), fields };
  });
  const last = events.at(-1)!;
  return {
    userId,
    events,
    last: { eventId: last.id, status: last.fields.status!, tier: last.fields.lookupKey!.split("_")[0]!, cancelAtPeriodEnd: last.fields.cancelAtPeriodEnd ?? false },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

let child: ChildProcess | undefined;
let db: pg.Pool | undefined;
async function cleanup() {
  await db?.end().catch(() => undefined);
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  rmSync(DATA_DIR, { recursive: true, force: true });
}

/** Starts the stack in a child process (this script in --serve-stack mode). */
async function startStackProcess(): Promise<{ apiUrl: string; dbUrl: string }> {
  child = spawn(process.execPath, [...process.execArgv, import.meta.filename, "--serve-stack", DATA_DIR], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith("{")) return JSON.parse(line) as { apiUrl: string; dbUrl: string };
  }
  throw new Error(`the stack process exited (${child.exitCode}) before it was ready`);
}
process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));
const timer = setTimeout(() => {
  console.error(`✖ bench:webhook did not finish within ${values.timeout} s; stopping.`);
  void cleanup().then(() => process.exit(2));
}, Number(values.timeout) * 1000);

try {
  const setupStarted = performance.now();
  const stack = await startStackProcess();
  Object.assign(process.env, {
    NEXT_PUBLIC_SITE_URL: "http://127.0.0.1:3000",
    NEXT_PUBLIC_SUPABASE_URL: stack.apiUrl,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: LOCAL_PUBLISHABLE_KEY,
    SUPABASE_SECRET_KEY: LOCAL_SECRET_KEY,
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
  });
  delete process.env.STRIPE_API_URL; // subscription events need no Stripe API call
  const { POST } = await import("../app/api/webhooks/stripe/route.ts");
  db = new pg.Pool({ connectionString: stack.dbUrl, max: 2 });
  db.on("error", () => undefined); // idle connections closed by the stack's shutdown

  // The workload.
  const unique = Math.round(DELIVERIES * (1 - DUPLICATE_SHARE));
  const users = Math.ceil(unique / TIMELINE);
  const ids = Array.from({ length: users }, () => crypto.randomUUID());
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', 'bench-' || id || '@test.local', '', now(),
            '{"provider": "email", "providers": ["email"]}', '{}', now(), now()
     from unnest($1::uuid[]) as id`,
    [ids],
  );
  const plans = ids.map((userId, u) => timeline(userId, u === users - 1 ? unique - TIMELINE * (users - 1) : TIMELINE));
  const events = plans.flatMap((p) => p.events);
  const deliveries = shuffle([...events, ...Array.from({ length: DELIVERIES - unique }, () => events[Math.floor(rand() * events.length)]!)]);
  // Signed before the clock starts: signing is Stripe's work, verifying is ours.
  const requests = deliveries.map((e) => ({ id: e.id, request: signedRequest(e.body) }));
  console.log(
    `bench:webhook — route handler called in-process (no Next server); Supabase stack in a child process, ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s\n` +
      `machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}\n` +
      `${requests.length} deliveries: ${unique} distinct events for ${users} subscriptions + ${requests.length - unique} duplicates, shuffled, ${CONCURRENCY} concurrent`,
  );

  // The run. The heap is measured after a GC before the clock starts: the signed requests are already built.
  const heapBefore = heapAfterGc();
  const rssBefore = process.memoryUsage.rss();
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const t = performance.now();
        const response = await POST(requests[i]!.request);
        const body = (await response.json()) as { outcome?: string; error?: string };
        latencies.push(performance.now() - t);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const outcome = body.outcome ?? `error: ${body.error}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rssAfter = process.memoryUsage.rss();
  const heapAfter = heapAfterGc();
  latencies.sort((a, b) => a - b);
  const perSecond = requests.length / seconds;

  // The check.
  const eventIds = events.map((e) => e.id);
  const recorded = await db.query<{ id: string; outcome: string | null }>("select id, outcome from public.stripe_events where id = any($1)", [eventIds]);
  const audit = await db.query<{ event: string; n: number }>(
    `select stripe_event_id as event, count(*)::int as n from public.subscription_audit
     where stripe_event_id = any($1) and action <> 'customer_linked' group by 1`,
    [eventIds],
  );
  const linked = await db.query<{ n: number }>("select count(*)::int as n from public.subscription_audit where user_id = any($1) and action = 'customer_linked'", [ids]);
  const finals = await db.query<{ user_id: string; last_stripe_event_id: string; status: string; tier: string; cancel_at_period_end: boolean; user_status: string; user_tier: string }>(
    `select s.user_id, s.last_stripe_event_id, s.status, s.tier, s.cancel_at_period_end, u.subscription_status as user_status, u.subscription_tier as user_tier
     from public.subscriptions s join public.users u on u.id = s.user_id where s.user_id = any($1)`,
    [ids],
  );
  const byUser = new Map(finals.rows.map((r) => [r.user_id, r]));
  const lost = unique - recorded.rows.filter((r) => r.outcome === "applied" || r.outcome === "stale").length;
  const doubleApplied = audit.rows.filter((r) => r.n > 1).length;
  const applied = recorded.rows.filter((r) => r.outcome === "applied").length;
  const wrongFinal = plans.filter((p) => {
    const row = byUser.get(p.userId);
    const paid = ["active", "trialing", "past_due"].includes(p.last.status);
    return (
      !row ||
      row.last_stripe_event_id !== p.last.eventId ||
      row.status !== p.last.status ||
      row.tier !== p.last.tier ||
      row.cancel_at_period_end !== p.last.cancelAtPeriodEnd ||
      row.user_status !== p.last.status ||
      row.user_tier !== (paid ? p.last.tier : "free")
    );
  });
  const checks: [string, boolean][] = [
    [`every response 200 (${[...statuses].map(([s, n]) => `${n}×${s}`).join(", ")})`, statuses.size === 1 && statuses.get(200) === requests.length],
    [`${lost} lost: all ${unique} distinct events recorded once`, lost === 0 && recorded.rows.length === unique],
    [`${(outcomes.get("duplicate") ?? 0)} answered duplicate, of ${requests.length - unique} duplicate deliveries`, outcomes.get("duplicate") === requests.length - unique],
    [`${doubleApplied} double-applied: one audit row per applied event (${applied} applied, ${audit.rows.length} audited)`, doubleApplied === 0 && audit.rows.length === applied],
    [`one customer link per subscription (${linked.rows[0]!.n}/${users})`, linked.rows[0]!.n === users],
    [`final state = newest snapshot for ${users - wrongFinal.length}/${users} subscriptions`, wrongFinal.length === 0],
  ];
  console.log(
    `\n${perSecond.toFixed(0)} events/s (${requests.length} in ${seconds.toFixed(2)} s)   ` +
      `latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms\n` +
      `outcomes: ${[...outcomes].sort().map(([o, n]) => `${o} ${n}`).join(", ")}\n`,
  );
  for (const [label, ok] of checks) console.log(`${ok ? "✓" : "✖"} ${label}`);
  console.log(`${perSecond >= TARGET_PER_SECOND ? "✓" : "✖"} target ≥ ${TARGET_PER_SECOND} events/s`);
  console.log(
    `\nroute process memory: JS heap after GC ${mib(heapBefore)} before, ${mib(heapAfter)} after ` +
      `(${kibDelta(((heapAfter - heapBefore) / requests.length) * 1000)} per 1000 deliveries); RSS ${mib(rssBefore)} before, ${mib(rssAfter)} after, ${mib(process.resourceUsage().maxRSS * 1024)} peak`,
  );
  process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  await cleanup();
}
