// npm run bench:proxy — what proxy.ts's session check costs per request.
//
// Starts the e2e server (scripts/e2e-server.ts: a fresh local stack on the e2e
// ports, a production build of the app, `next start`), signs a confirmed user
// in the way the app does (auth cookies from @supabase/ssr), then measures
// sequential round trips after a warm-up:
//   bypassed   GET /api/health: excluded from the proxy's matcher;
//   proxy      GET /login with the session: the proxy verifies the session
//              (updateSession + getClaims) and answers the redirect itself;
//   page       GET /dashboard with the session: the proxy, then the page.
// It prints requests/s, median and p95 of each, the proxy-vs-bypassed ratio,
// the median time the proxy adds, and the proxy's own Server-Timing (the
// session check measured inside the server). Target: under 1 ms per request,
// i.e. no call to the Auth server on the hot path.
// BENCH_RUNS (default 2000) sets the requests per scenario; --reuse-build
// skips `next build` when .next holds a build made by the e2e server.
// Gives up after a time limit and always stops what it started.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { createServerClient } from "@supabase/ssr";
import { createClient } from "@supabase/supabase-js";
import { e2eEnv } from "./lib/e2e-env.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const WARMUP = 200;
const TIME_LIMIT_MS = 10 * 60_000;
const TARGET_MS = 1;
const reuseBuild = process.argv.includes("--reuse-build");

const env = e2eEnv();
const APP = env.NEXT_PUBLIC_SITE_URL;
const deadline = Date.now() + TIME_LIMIT_MS;

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function startServer(): Promise<ChildProcess> {
  const ports = [APP, env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_LOCAL_MAILBOX_URL, env.STRIPE_API_URL].map((url) => Number(new URL(url).port));
  const busy = [];
  for (const port of ports) if (await portInUse(port)) busy.push(port);
  if (busy.length > 0) {
    throw new Error(`Ports ${busy.join(", ")} are in use (a Playwright run or another bench?). Let it finish, then run again.`);
  }
  if (reuseBuild && !existsSync(".next/BUILD_ID")) throw new Error("--reuse-build: there is no build in .next yet");
  console.log(reuseBuild ? "Starting the e2e stack and the existing build…" : "Starting the e2e stack and building the app (a few minutes)…");
  const server = spawn("tsx", ["scripts/e2e-server.ts"], {
    env: { ...process.env, EMULATOR_LOG: "silent", ...(reuseBuild ? { E2E_SKIP_BUILD: "1" } : {}) },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true, // its own process group, so a hung child can't outlive the bench
  });
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The e2e server exited with code ${server.exitCode}`);
    const healthy = await fetch(`${APP}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return server;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stopServer(server);
  throw new Error("The app didn't come up before the time limit");
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM"); // e2e-server stops `next start` and the stack on SIGTERM
  const timeout = new Promise((resolve) => setTimeout(resolve, 20_000, "timeout"));
  if ((await Promise.race([exited, timeout])) === "timeout") process.kill(-server.pid, "SIGKILL");
}

/** A confirmed user signed in through @supabase/ssr: the Cookie header a browser would send. */
async function sessionCookie(): Promise<string> {
  const email = `bench-${Date.now().toString(36)}@example.com`;
  const password = "correct horse battery staple";
  const admin = createClient(env.NEXT_PUBLIC_SUPABASE_URL, env.SUPABASE_SECRET_KEY, { auth: { persistSession: false, autoRefreshToken: false } });
  const { error } = await admin.auth.admin.createUser({ email, password, email_confirm: true });
  if (error) throw error;
  const jar = new Map<string, string>();
  const client = createServerClient(env.NEXT_PUBLIC_SUPABASE_URL, env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY, {
    cookies: {
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      setAll: (cookies) => cookies.forEach(({ name, value }) => (value ? jar.set(name, value) : jar.delete(name))),
    },
  });
  const { error: signInError } = await client.auth.signInWithPassword({ email, password });
  if (signInError) throw signInError;
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

interface Scenario {
  label: string;
  path: string;
  expectStatus: number;
}

interface Result {
  median: number;
  p95: number;
  perSecond: number;
  /** The proxy's own Server-Timing duration (median), when it ran. */
  proxyMedian: number | null;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function measure(scenario: Scenario, cookie: string): Promise<Result> {
  const request = async () => {
    const response = await fetch(`${APP}${scenario.path}`, { headers: { cookie }, redirect: "manual" });
    await response.arrayBuffer();
    if (response.status !== scenario.expectStatus) {
      throw new Error(`${scenario.path} answered ${response.status}, expected ${scenario.expectStatus}: is the session valid?`);
    }
    return /proxy;[^,]*dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1];
  };
  for (let i = 0; i < WARMUP; i++) await request();
  const samples: number[] = [];
  const proxyTimes: number[] = [];
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    if (Date.now() > deadline) throw new Error("bench:proxy ran past its time limit");
    const t0 = performance.now();
    const proxyDuration = await request();
    samples.push(performance.now() - t0);
    if (proxyDuration) proxyTimes.push(Number(proxyDuration));
  }
  const elapsed = performance.now() - started;
  samples.sort((a, b) => a - b);
  proxyTimes.sort((a, b) => a - b);
  return {
    median: quantile(samples, 0.5),
    p95: quantile(samples, 0.95),
    perSecond: (RUNS / elapsed) * 1000,
    proxyMedian: proxyTimes.length > 0 ? quantile(proxyTimes, 0.5) : null,
  };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

async function main() {
  const server = await startServer();
  try {
    const cookie = await sessionCookie();
    const scenarios: Scenario[] = [
      { label: "bypassed  GET /api/health (not matched)", path: "/api/health", expectStatus: 200 },
      { label: "proxy     GET /login, signed in → 307", path: "/login", expectStatus: 307 },
      { label: "page      GET /dashboard, signed in", path: "/dashboard", expectStatus: 200 },
    ];
    const results: Result[] = [];
    for (const scenario of scenarios) {
      console.log(`Measuring ${scenario.path} (${WARMUP} warm-up + ${RUNS} sequential requests)…`);
      results.push(await measure(scenario, cookie));
    }
    const [bypassed, proxied, page] = results as [Result, Result, Result];

    console.log(`\n${"".padEnd(42)}${"req/s".padStart(9)}${"median".padStart(11)}${"p95".padStart(11)}${"proxy (Server-Timing)".padStart(24)}`);
    scenarios.forEach((scenario, i) => {
      const r = results[i]!;
      console.log(
        `${scenario.label.padEnd(42)}${r.perSecond.toFixed(0).padStart(9)}${ms(r.median).padStart(11)}${ms(r.p95).padStart(11)}${(r.proxyMedian === null ? "—" : ms(r.proxyMedian)).padStart(24)}`,
      );
    });
    const added = proxied.median - bypassed.median;
    const inside = proxied.proxyMedian ?? NaN;
    console.log(`\nThroughput ratio, bypassed / proxy: ${(bypassed.perSecond / proxied.perSecond).toFixed(2)}×`);
    console.log(`Round-trip cost of the proxy (median, proxy − bypassed): ${ms(added)} per request`);
    console.log(`Session check inside the proxy (median Server-Timing): ${ms(inside)} on /login, ${ms(page.proxyMedian ?? NaN)} on /dashboard`);
    console.log(
      inside < TARGET_MS
        ? `✓ Under the ${TARGET_MS} ms target: the session is verified locally (JWKS cached), no Auth server call per request.`
        : `✗ Over the ${TARGET_MS} ms target.`,
    );
    process.exitCode = inside < TARGET_MS ? 0 : 1;
  } finally {
    await stopServer(server);
  }
}

main().catch((error) => {
  console.error(`bench:proxy failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
