// Jobs: the monthly quota checked in SQL when a job is created, and the
// worker's queue: claim_jobs hands each job to exactly one of any number of
// concurrent workers (FOR UPDATE SKIP LOCKED), requeue_stale_jobs recovers
// jobs whose worker went silent.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { asRole, becomeRole, createPool, createTeam, expectPgError, queryAs, serviceRole, type Team, user } from "./helpers.ts";

let pool: pg.Pool;

beforeAll(() => {
  pool = createPool(undefined, 8);
});
afterAll(async () => {
  await pool.end();
});

interface Usage {
  monthly_usage: number;
  usage_reset_at: Date;
}

async function usageOf(userId: string): Promise<Usage> {
  const { rows } = await pool.query<Usage>("select monthly_usage, usage_reset_at from public.users where id = $1", [userId]);
  return rows[0]!;
}

function createJobs(t: Team, who: string, count: number) {
  return queryAs(
    pool,
    user(who),
    "insert into public.jobs (project_id, job_type, parameters) select $1, 'quota.test', jsonb_build_object('n', n) from generate_series(1, $2::int) n",
    [t.project, count],
  );
}

describe("monthly job quota", () => {
  test("jobs count against the project owner's plan; the 51st on free is refused", async () => {
    const t = await createTeam(pool, "Quota");
    await createJobs(t, t.member, 30);
    await createJobs(t, t.admin, 20);
    expect((await usageOf(t.owner)).monthly_usage).toBe(50);
    expect((await usageOf(t.member)).monthly_usage).toBe(0);
    const error = await expectPgError(createJobs(t, t.owner, 1), { code: "P0001", message: "job_quota_exceeded: the free plan allows 50 jobs a month" });
    expect(JSON.parse(error.detail ?? "{}")).toEqual({ tier: "free", limit: 50 });
    // A refused statement writes nothing, not even the count.
    expect((await usageOf(t.owner)).monthly_usage).toBe(50);
    const { rowCount } = await pool.query("select 1 from public.jobs where project_id = $1", [t.project]);
    expect(rowCount).toBe(50);
  });

  test("a batch that would cross the limit is refused whole", async () => {
    const t = await createTeam(pool, "Batch");
    await createJobs(t, t.member, 45);
    await expectPgError(createJobs(t, t.member, 10), { code: "P0001", message: "job_quota_exceeded:" });
    expect((await usageOf(t.owner)).monthly_usage).toBe(45);
  });

  test("the count starts again in a new month (UTC)", async () => {
    const t = await createTeam(pool, "New month");
    await pool.query("update public.users set monthly_usage = 50, usage_reset_at = now() - interval '1 second' where id = $1", [t.owner]);
    await createJobs(t, t.member, 1);
    const usage = await usageOf(t.owner);
    expect(usage.monthly_usage).toBe(1);
    const now = new Date();
    expect(usage.usage_reset_at.toISOString()).toBe(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString());
  });

  test("higher plans allow more; enterprise has no limit", async () => {
    const t = await createTeam(pool, "Big plans");
    await pool.query("update public.users set subscription_tier = 'pro', monthly_usage = 1999 where id = $1", [t.owner]);
    await createJobs(t, t.member, 1);
    await expectPgError(createJobs(t, t.member, 1), { code: "P0001", message: "job_quota_exceeded: the pro plan allows 2000 jobs a month" });
    await pool.query("update public.users set subscription_tier = 'enterprise', monthly_usage = 1000000 where id = $1", [t.owner]);
    await createJobs(t, t.member, 5);
    expect((await usageOf(t.owner)).monthly_usage).toBe(1000005);
  });

  test("concurrent creations cannot both take the last job", async () => {
    const t = await createTeam(pool, "Race");
    await pool.query("update public.users set monthly_usage = 49 where id = $1", [t.owner]);
    const results = await Promise.allSettled([createJobs(t, t.member, 1), createJobs(t, t.admin, 1), createJobs(t, t.owner, 1), createJobs(t, t.member, 1)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await usageOf(t.owner)).monthly_usage).toBe(50);
  });
});

describe("claim_jobs", () => {
  /** Queues `count` jobs of a fresh job type, oldest first; `extra` sets one more column (SQL expression). */
  async function queueJobs(count: number, extra?: { column: string; sql: string }): Promise<{ team: Team; jobType: string; ids: string[] }> {
    const team = await createTeam(pool, "Queue");
    await pool.query("update public.users set subscription_tier = 'enterprise' where id = $1", [team.owner]);
    const jobType = `claim.${randomUUID()}`;
    const { rows } = await pool.query<{ id: string }>(
      `insert into public.jobs (project_id, user_id, job_type, created_at${extra ? `, ${extra.column}` : ""})
       select $1, $2, $3, now() - make_interval(secs => $4::int - n)${extra ? `, ${extra.sql}` : ""}
       from generate_series(1, $4::int) n
       order by n
       returning id`,
      [team.project, team.member, jobType, count],
    );
    return { team, jobType, ids: rows.map((r) => r.id) };
  }

  const claim = (worker: string, limit: number, jobType: string) =>
    queryAs<{ id: string; status: string; attempts: number; locked_by: string }>(
      pool,
      serviceRole,
      "select * from public.claim_jobs($1, $2, array[$3])",
      [worker, limit, jobType],
    );

  test("claims the oldest runnable jobs and marks them processing", async () => {
    const { jobType, ids } = await queueJobs(5);
    const { rows } = await claim("worker-1", 2, jobType);
    expect(rows.map((r) => r.id).sort()).toEqual(ids.slice(0, 2).sort());
    for (const row of rows) expect(row).toMatchObject({ status: "processing", attempts: 1, locked_by: "worker-1" });
  });

  test("a job held by one worker's open transaction is skipped by another, without waiting", async () => {
    const { jobType, ids } = await queueJobs(6);
    const a = await pool.connect();
    try {
      await a.query("begin");
      await becomeRole(a, serviceRole);
      const first = await a.query<{ id: string }>("select id from public.claim_jobs('worker-a', 3, array[$1])", [jobType]);
      // worker-a has not committed; worker-b must not block on its locks: a claim
      // that waited for one would fail with lock_not_available after a second.
      const second = await asRole(pool, serviceRole, async (b) => {
        await b.query("set local lock_timeout = '1s'");
        return b.query<{ id: string }>("select id from public.claim_jobs('worker-b', 10, array[$1])", [jobType]);
      });
      await a.query("commit");
      const firstIds = first.rows.map((r) => r.id);
      const secondIds = second.rows.map((r) => r.id);
      expect(firstIds).toHaveLength(3);
      expect(secondIds).toHaveLength(3);
      expect(new Set([...firstIds, ...secondIds])).toEqual(new Set(ids));
    } finally {
      a.release();
    }
  });

  test("concurrent workers draining a queue never get the same job", async () => {
    const { jobType, ids } = await queueJobs(60);
    const claimed: string[] = [];
    const worker = async (name: string) => {
      for (;;) {
        const { rows } = await claim(name, 3, jobType);
        if (rows.length === 0) return;
        claimed.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all(["w1", "w2", "w3", "w4"].map(worker));
    expect(claimed).toHaveLength(60);
    expect(new Set(claimed)).toEqual(new Set(ids));
  });

  test("jobs scheduled for later, finished, or out of attempts are not claimed", async () => {
    const later = await queueJobs(1, { column: "run_after", sql: "now() + interval '1 hour'" });
    const spent = await queueJobs(1, { column: "attempts", sql: "3" });
    const done = await queueJobs(1, { column: "status", sql: "'completed'" });
    for (const { jobType } of [later, spent, done]) expect((await claim("w", 5, jobType)).rows).toEqual([]);
  });

  test("only the service role may claim or requeue", async () => {
    const { team, jobType } = await queueJobs(1);
    await expectPgError(queryAs(pool, user(team.owner), "select * from public.claim_jobs('me', 1, array[$1])", [jobType]), {
      code: "42501",
      message: "permission denied for function claim_jobs",
    });
    await expectPgError(queryAs(pool, user(team.owner), "select public.requeue_stale_jobs()"), { code: "42501" });
  });
});

describe("requeue_stale_jobs", () => {
  test("a silent worker's job is retried with backoff, or failed when no attempts are left", async () => {
    const team = await createTeam(pool, "Stale");
    const insert = `insert into public.jobs (project_id, job_type, status, attempts, max_attempts, locked_by, locked_at, heartbeat_at)
                    values ($1, 'stale.test', 'processing', $2, 3, 'gone', now() - interval '1 hour', now() - $3::interval) returning id`;
    const retry = (await pool.query<{ id: string }>(insert, [team.project, 1, "10 minutes"])).rows[0]!.id;
    const spent = (await pool.query<{ id: string }>(insert, [team.project, 3, "10 minutes"])).rows[0]!.id;
    const alive = (await pool.query<{ id: string }>(insert, [team.project, 1, "10 seconds"])).rows[0]!.id;

    const { rows } = await queryAs<{ n: number }>(pool, serviceRole, "select public.requeue_stale_jobs('5 minutes') as n");
    expect(rows[0]!.n).toBeGreaterThanOrEqual(2);

    const { rows: jobs } = await pool.query(
      `select id, status, locked_by, heartbeat_at, error_message,
              extract(epoch from run_after - updated_at) as delay
       from public.jobs where id = any ($1)`,
      [[retry, spent, alive]],
    );
    const byId = Object.fromEntries(jobs.map((j) => [j.id, j]));
    expect(byId[retry]).toMatchObject({ status: "queued", locked_by: null, heartbeat_at: null });
    // Backoff after the first attempt: 30 s from the requeue (updated_at is the requeue's now()).
    expect(Number(byId[retry].delay)).toBe(30);
    expect(byId[spent]).toMatchObject({ status: "failed", error_message: "The worker stopped responding and no attempts are left." });
    expect(byId[alive]).toMatchObject({ status: "processing", locked_by: "gone" });
  });
});
