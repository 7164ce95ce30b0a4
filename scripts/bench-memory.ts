// npm run bench:memory [-- --requests 3000 --stripe-requests 1000 --concurrency 8 --timeout 300]
//
// Resident memory of the local services. Starts them as `npm run dev` does
// (scripts/lib/local-services.ts: embedded Postgres, platform schema,
// migrations, seed, Supabase API emulator; Stripe emulator) but on free ports
// with throwaway data in .local/bench-memory, the Supabase stack and the Stripe
// emulator each in a child process of its own, so each RSS is that service's
// alone. Measured:
//   Postgres   the postmaster and all its children (backends, checkpointer,
//              walwriter, …) from /proc. Summed RSS counts the shared buffers
//              and code once per process, so the summed PSS (shared pages
//              split among their users) is printed too: that is what it costs.
//   Supabase   the Node process serving Auth, REST, Storage and the mailbox.
//   Stripe     the Node process serving the Stripe emulator.
// idle after start, at the peak while under load (sampled every 100 ms), and
// after the load, in two rounds. Load, through the official clients: per 10
// supabase-js requests 3 REST (2 selects with an embed, 1 update; as alice,
// under RLS), 3 auth (getUser, admin getUserById, admin listUsers; every 100th
// a password sign-in instead) and 4 storage (upload, download, list, signed
// URL); and Stripe SDK calls (price list by lookup key, product list, customer
// create, retrieve and list; webhooks go to a stub that answers 200).
// After each round each child reports its JS heap after a forced GC. Round 1
// also fills caches (JIT, schema cache, connection pools), so the growth per
// 1000 requests in round 2 is the one that tells a leak. Prints numbers only;
// stops everything and deletes its data, also on failure or timeout.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "@supabase/supabase-js";
import Stripe from "stripe";
import { LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY } from "../emulators/supabase/keys.ts";
import { freePort, postgresUrl, readPostmasterPid, stopPostgresByDataDir } from "../emulators/supabase/postgres.ts";
import { CATALOG_LOOKUP_KEYS } from "../emulators/stripe/index.ts";
import { kibDelta, mib, processTree, pss, rss } from "./lib/memory.ts";

const LOCAL_DIR = path.resolve(".local/bench-memory");
const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "3000" },
    "stripe-requests": { type: "string", default: "1000" },
    concurrency: { type: "string", default: "8" },
    timeout: { type: "string", default: "300" },
  },
});

const REQUESTS = Number(values.requests);
const STRIPE_REQUESTS = Number(values["stripe-requests"]);
const CONCURRENCY = Number(values.concurrency);
const children: ChildProcess[] = [];
// Stands in for the app's webhook route: the Stripe emulator's deliveries get a 200.
const sink = createServer((request, response) => void request.resume().on("end", () => response.end("{}")));

async function startChild(env: Record<string, string>): Promise<ChildProcess> {
  // Under tsx, as `npm run dev` runs; --expose-gc for the heap figure; stdout
  // ignored (the Stripe emulator logs its start and deliveries).
  const child = spawn(process.execPath, ["--expose-gc", ...process.execArgv, path.resolve("scripts/lib/bench-service.ts"), LOCAL_DIR, JSON.stringify(env)], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`a service process exited (${code}) before it was ready`)));
  });
  return child;
}

const heapOf = (child: ChildProcess) =>
  new Promise<number>((resolve) => {
    child.once("message", (message) => resolve((message as { heap: number }).heap));
    child.send("heap");
  });

async function cleanup(): Promise<void> {
  sink.close();
  for (const child of children.filter((c) => c.exitCode === null)) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  }
  // A killed stack leaves its postmaster behind.
  await stopPostgresByDataDir(path.join(LOCAL_DIR, "db")).catch(() => undefined);
  rmSync(LOCAL_DIR, { recursive: true, force: true });
}

/** Runs `total` calls of `run(i)`, `concurrency` at a time; any error fails the bench. */
async function pool(total: number, concurrency: number, run: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < total; i = next++) await run(i);
  }));
}

/** supabase-js answers `{ error }` instead of throwing. */
function ok<T extends { error: unknown }>(result: T): T {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(JSON.stringify(result.error));
  return result;
}

interface Sample {
  postgres: number;
  postgresPss: number;
  postgresProcesses: number;
  supabase: number;
  stripe: number;
  supabaseHeap?: number;
  stripeHeap?: number;
}

process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));
const timer = setTimeout(() => {
  console.error(`✖ bench:memory did not finish within ${values.timeout} s; stopping.`);
  void cleanup().then(() => process.exit(2));
}, Number(values.timeout) * 1000);

try {
  rmSync(LOCAL_DIR, { recursive: true, force: true });
  const [apiPort, dbPort, mailboxPort, stripePort, sinkPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await new Promise<void>((resolve) => sink.listen(sinkPort, "127.0.0.1", resolve));

  const started = performance.now();
  const supabaseChild = await startChild({
    NEXT_PUBLIC_SUPABASE_URL: apiUrl,
    SUPABASE_DB_URL: postgresUrl(dbPort),
    NEXT_PUBLIC_LOCAL_MAILBOX_URL: `http://127.0.0.1:${mailboxPort}`,
    EMULATOR_LOG: "silent",
  });
  const stripeChild = await startChild({
    STRIPE_API_URL: `http://127.0.0.1:${stripePort}`,
    NEXT_PUBLIC_SITE_URL: `http://127.0.0.1:${sinkPort}`,
    STRIPE_WEBHOOK_SECRET: "whsec_bench_memory",
  });
  const postmaster = readPostmasterPid(path.join(LOCAL_DIR, "db"))!.pid;
  const sample = (): Sample => {
    const tree = processTree(postmaster);
    return {
      postgres: tree.reduce((sum, pid) => sum + rss(pid), 0),
      postgresPss: tree.reduce((sum, pid) => sum + pss(pid), 0),
      postgresProcesses: tree.length,
      supabase: rss(supabaseChild.pid!),
      stripe: rss(stripeChild.pid!),
    };
  };
  /** Heaps first: the forced GC can return memory, and RSS is then read after it. */
  const settled = async (): Promise<Sample> => {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let sockets close and idle work finish
    const [supabaseHeap, stripeHeap] = [await heapOf(supabaseChild), await heapOf(stripeChild)];
    return { ...sample(), supabaseHeap, stripeHeap };
  };

  // Clients, as the app uses them.
  const noSession = { auth: { persistSession: false, autoRefreshToken: false } };
  const admin = createClient(apiUrl, LOCAL_SECRET_KEY, noSession);
  const signIn = async () => {
    const client = createClient(apiUrl, LOCAL_PUBLISHABLE_KEY, noSession);
    const { data } = ok(await client.auth.signInWithPassword({ email: "alice@example.com", password: "password123" }));
    return { client, userId: data.user!.id };
  };
  const alice = await signIn();
  const projects = ok(await alice.client.from("projects").select("id")).data ?? [];
  if (projects.length === 0) throw new Error("the seed gave alice no projects");
  // The SDK's default API version: the one lib/billing/stripe.ts pins.
  const stripe = new Stripe("sk_test_bench", { host: "127.0.0.1", port: stripePort, protocol: "http", maxNetworkRetries: 0 });
  const customer = await stripe.customers.create({ email: "bench@example.com" });
  const files = Array.from({ length: 20 }, (_, n) => `bench/${n}.txt`);
  for (const file of files) ok(await admin.storage.from("assets").upload(file, "x", { contentType: "text/plain" }));

  const supabaseRequest = async (i: number) => {
    const file = files[i % files.length]!;
    if (i % 100 === 99) return signIn();
    switch (i % 10) {
      case 0:
      case 1:
        return ok(await alice.client.from("projects").select("id, name, project_members(user_id, role)").order("created_at", { ascending: false }).limit(20));
      case 2:
        return ok(await alice.client.from("projects").update({ description: `bench ${i}` }).eq("id", projects[i % projects.length]!.id));
      case 3:
        return ok(await alice.client.auth.getUser());
      case 4:
        return ok(await admin.auth.admin.getUserById(alice.userId));
      case 5:
        return ok(await admin.auth.admin.listUsers({ perPage: 10 }));
      case 6:
        return ok(await admin.storage.from("assets").upload(file, `line ${i}\n`.repeat(100), { upsert: true, contentType: "text/plain" }));
      case 7:
        return ok(await admin.storage.from("assets").download(file));
      case 8:
        return ok(await admin.storage.from("assets").list("bench"));
      default:
        return ok(await admin.storage.from("assets").createSignedUrl(file, 60));
    }
  };
  const stripeRequest = (i: number) => {
    switch (i % 5) {
      case 0:
        return stripe.prices.list({ lookup_keys: [...CATALOG_LOOKUP_KEYS], expand: ["data.product"] });
      case 1:
        return stripe.products.list({ active: true });
      case 2:
        return stripe.customers.create({ email: `bench-${i}@example.com` });
      case 3:
        return stripe.customers.retrieve(customer.id);
      default:
        return stripe.customers.list({ limit: 10 });
    }
  };

  const samples: Sample[] = [await settled()];
  const peaks: Sample[] = [];
  const rounds: string[] = [];
  for (const round of [1, 2]) {
    const peak = sample();
    const sampler = setInterval(() => {
      const now = sample();
      for (const key of ["postgres", "postgresPss", "postgresProcesses", "supabase", "stripe"] as const) peak[key] = Math.max(peak[key], now[key]);
    }, 100);
    const t0 = performance.now();
    try {
      await Promise.all([pool(REQUESTS, CONCURRENCY, supabaseRequest), pool(STRIPE_REQUESTS, 2, stripeRequest)]);
    } finally {
      clearInterval(sampler);
    }
    rounds.push(`round ${round}: ${REQUESTS} Supabase + ${STRIPE_REQUESTS} Stripe requests in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    peaks.push(peak);
    samples.push(await settled());
  }

  const [idle, after1, after2] = samples as [Sample, Sample, Sample];
  const [load1, load2] = peaks as [Sample, Sample];
  const columns: [string, Sample][] = [["idle", idle], ["load 1 peak", load1], ["after 1", after1], ["load 2 peak", load2], ["after 2", after2]];
  const line = (label: string, cell: (s: Sample) => number | undefined, format = mib) =>
    console.log(label.padEnd(44) + columns.map(([, s]) => (cell(s) === undefined ? "—" : format(cell(s)!)).padStart(13)).join(""));
  console.log(
    `bench:memory — local services started as by \`npm run dev\` in ${((performance.now() - started) / 1000).toFixed(1)} s (free ports, data in .local/bench-memory)\n` +
      `machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}\n` +
      `${rounds.join("; ")}; ${CONCURRENCY} + 2 concurrent\n`,
  );
  console.log("".padEnd(44) + columns.map(([name]) => name.padStart(13)).join(""));
  line("Postgres processes (postmaster + children)", (s) => s.postgresProcesses, String);
  line("Postgres RSS, summed", (s) => s.postgres);
  line("Postgres PSS, summed (shared pages once)", (s) => s.postgresPss);
  line("Supabase API emulator RSS", (s) => s.supabase);
  line("Supabase API emulator JS heap after GC", (s) => s.supabaseHeap);
  line("Stripe emulator RSS", (s) => s.stripe);
  line("Stripe emulator JS heap after GC", (s) => s.stripeHeap);
  console.log(
    `(peaks: the highest of samples every 100 ms; "after": 2 s after the load, once the heaps were GC'd, while the\n` +
      ` emulator's pool still holds its connections, closed after 30 s idle; Node processes run under tsx, as in dev)\n`,
  );

  const perThousand = (from: number | undefined, to: number | undefined, requests: number) => kibDelta(((to! - from!) / requests) * 1000);
  console.log("JS heap growth per 1000 requests   round 1 (incl. warm-up)   round 2");
  console.log(`  Supabase API emulator           ${perThousand(idle.supabaseHeap, after1.supabaseHeap, REQUESTS).padStart(18)}   ${perThousand(after1.supabaseHeap, after2.supabaseHeap, REQUESTS).padStart(12)}`);
  console.log(`  Stripe emulator                 ${perThousand(idle.stripeHeap, after1.stripeHeap, STRIPE_REQUESTS).padStart(18)}   ${perThousand(after1.stripeHeap, after2.stripeHeap, STRIPE_REQUESTS).padStart(12)}`);
  console.log(
    `(the Stripe emulator keeps every object, event and delivery record in memory by design: each round creates ${Math.ceil(STRIPE_REQUESTS / 5)} customers)`,
  );
} catch (error) {
  console.error(`bench:memory failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  clearTimeout(timer);
  await cleanup();
}
