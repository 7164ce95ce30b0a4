// Constraints and triggers: bad values are refused by the named constraint
// (so the app can map the error to a field), and the triggers keep profiles,
// owners, timestamps and cascades as the design says. Runs as the superuser:
// these rules hold for every writer, the service role included.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addMember, createJob, createPool, createProject, createTeam, createUser, expectPgError, queryAs, serviceRole, type Team, user } from "./helpers.ts";

let pool: pg.Pool;
let team: Team;

beforeAll(async () => {
  pool = createPool();
  team = await createTeam(pool, "Constraints");
});
afterAll(async () => {
  await pool.end();
});

/** Runs statements in one transaction that is then committed (deferred checks fire) or fails. */
async function transaction(statements: Array<[string, unknown[]?]>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    for (const [sql, params] of statements) await client.query(sql, params ?? []);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

describe("enum-like columns refuse unknown values", () => {
  test.each([
    ["project_members.role", "insert into public.project_members (project_id, user_id, role) values ($1, $2, 'superuser')", "project_role"],
    ["jobs.status", "insert into public.jobs (project_id, user_id, job_type, status) values ($1, $2, 'test.job', 'done')", "job_status"],
    ["users.subscription_tier", "update public.users set subscription_tier = 'gold' where id = $2 and $1::uuid is not null", "subscription_tier"],
    ["users.subscription_status", "update public.users set subscription_status = 'expired' where id = $2 and $1::uuid is not null", "subscription_status"],
  ])("%s", async (_column, sql, type) => {
    await expectPgError(pool.query(sql, [team.project, team.outsider]), {
      code: "22P02",
      message: `invalid input value for enum ${type}`,
    });
  });

  test("stripe_events.outcome and subscription_audit.action are checked lists", async () => {
    await expectPgError(
      pool.query("insert into public.stripe_events (id, type, created, processed_at, outcome) values ($1, 'invoice.paid', now(), now(), 'bogus')", [`evt_${randomUUID()}`]),
      { code: "23514", constraint: "stripe_events_outcome_values" },
    );
    await expectPgError(
      pool.query("insert into public.subscription_audit (user_id, action) values ($1, 'hacked')", [team.owner]),
      { code: "23514", constraint: "subscription_audit_action_values" },
    );
  });
});

describe("projects", () => {
  test.each([
    ["empty", "", "projects_name_length"],
    ["81 characters", "x".repeat(81), "projects_name_length"],
    ["whitespace only", "   ", "projects_name_trimmed"],
    ["untrimmed", " padded ", "projects_name_trimmed"],
    ["a trailing newline", "name\n", "projects_name_trimmed"],
  ])("a name that is %s is refused", async (_label, name, constraint) => {
    await expectPgError(pool.query("insert into public.projects (name, owner_id) values ($1, $2)", [name, team.outsider]), {
      code: "23514",
      constraint,
    });
  });

  test("names of 1 and 80 characters, markup, RTL text and emoji are stored as given", async () => {
    for (const name of ["x", "y".repeat(80), "<script>alert(1)</script>", "مشروع 🚀 プロジェクト"]) {
      const { rows } = await queryAs<{ name: string }>(pool, user(team.viewer), "insert into public.projects (name) values ($1) returning name", [name]);
      expect(rows[0]!.name).toBe(name);
      await pool.query("delete from public.projects where owner_id = $1", [team.viewer]);
    }
  });

  test("a description over 2000 characters is refused", async () => {
    await expectPgError(
      pool.query("insert into public.projects (name, description, owner_id) values ('Long', $1, $2)", ["d".repeat(2001), team.outsider]),
      { code: "23514", constraint: "projects_description_length" },
    );
  });

  test("the owner's membership row is created with the project", async () => {
    const owner = await createUser(pool);
    const project = await createProject(pool, owner);
    const { rows } = await pool.query("select user_id, role from public.project_members where project_id = $1", [project]);
    expect(rows).toEqual([{ user_id: owner, role: "owner" }]);
  });
});

describe("exactly one owner", () => {
  test("a second owner is refused by the unique index", async () => {
    await expectPgError(
      pool.query("update public.project_members set role = 'owner' where project_id = $1 and user_id = $2", [team.project, team.admin]),
      { code: "23505", constraint: "project_members_one_owner_idx" },
    );
    await expectPgError(
      pool.query("insert into public.project_members (project_id, user_id, role) values ($1, $2, 'owner')", [team.project, team.outsider]),
      { code: "23505", constraint: "project_members_one_owner_idx" },
    );
  });

  test("demoting or removing the only owner is refused at commit", async () => {
    await expectPgError(
      transaction([["update public.project_members set role = 'admin' where project_id = $1 and user_id = $2", [team.project, team.owner]]]),
      { code: "23514", message: "last_owner:" },
    );
    await expectPgError(
      transaction([["delete from public.project_members where project_id = $1 and user_id = $2", [team.project, team.owner]]]),
      { code: "23514", message: "last_owner:" },
    );
    const { rows } = await pool.query("select user_id from public.project_members where project_id = $1 and role = 'owner'", [team.project]);
    expect(rows).toEqual([{ user_id: team.owner }]);
  });

  test("projects.owner_id must be the owner member", async () => {
    await expectPgError(
      transaction([["update public.projects set owner_id = $2 where id = $1", [team.project, team.admin]]]),
      { code: "23514", message: "last_owner:" },
    );
    // Moving both together in one transaction is fine (what transfer_project_ownership does).
    const t = await createTeam(pool, "Handover");
    await transaction([
      ["update public.project_members set role = 'admin' where project_id = $1 and user_id = $2", [t.project, t.owner]],
      ["update public.project_members set role = 'owner' where project_id = $1 and user_id = $2", [t.project, t.admin]],
      ["update public.projects set owner_id = $2 where id = $1", [t.project, t.admin]],
    ]);
  });

  test("deleting a project takes its owner row with it", async () => {
    const t = await createTeam(pool, "Short-lived");
    await transaction([["delete from public.projects where id = $1", [t.project]]]);
    const { rowCount } = await pool.query("select 1 from public.project_members where project_id = $1", [t.project]);
    expect(rowCount).toBe(0);
  });
});

describe("jobs and assets", () => {
  test.each([101, -1])("progress %i is refused", async (progress) => {
    await expectPgError(
      pool.query("insert into public.jobs (project_id, job_type, progress) values ($1, 'test.job', $2)", [team.project, progress]),
      { code: "23514", constraint: "jobs_progress_range" },
    );
  });

  test.each([
    ["a bad job_type", "insert into public.jobs (project_id, job_type) values ($1, 'Bad Type!')", "jobs_job_type_format"],
    ["parameters that are not an object", "insert into public.jobs (project_id, job_type, parameters) values ($1, 'test.job', '[1, 2]')", "jobs_parameters_object"],
    ["a result that is not an object", "insert into public.jobs (project_id, job_type, result) values ($1, 'test.job', '\"done\"')", "jobs_result_object"],
    ["more attempts than allowed", "insert into public.jobs (project_id, job_type, attempts, max_attempts) values ($1, 'test.job', 4, 3)", "jobs_attempts_range"],
    ["max_attempts 0", "insert into public.jobs (project_id, job_type, max_attempts) values ($1, 'test.job', 0)", "jobs_max_attempts_range"],
  ])("%s is refused", async (_label, sql, constraint) => {
    await expectPgError(pool.query(sql, [team.project]), { code: "23514", constraint });
  });

  test("parameters over 64 KiB are refused", async () => {
    await expectPgError(
      pool.query("insert into public.jobs (project_id, job_type, parameters) values ($1, 'test.job', $2)", [team.project, JSON.stringify({ blob: "x".repeat(70_000) })]),
      { code: "23514", constraint: "jobs_parameters_object" },
    );
  });

  test("an asset stays in its job's project, at <project>/<job>/<file>", async () => {
    const job = await createJob(pool, team.project, team.member);
    const other = await createTeam(pool, "Elsewhere");
    const insert = "insert into public.assets (job_id, project_id, asset_type, storage_path, file_size) values ($1, $2, 'report', $3, 1)";
    await expectPgError(pool.query(insert, [job, other.project, `${other.project}/${job}/a.txt`]), { code: "23503", constraint: "assets_job_fkey" });
    for (const path of [`${team.project}/${randomUUID()}/a.txt`, `${team.project}/${job}/nested/a.txt`, `${team.project}/${job}/..`, `${team.project}/${job}/`]) {
      await expectPgError(pool.query(insert, [job, team.project, path]), { code: "23514", constraint: "assets_storage_path_format" });
    }
    await expectPgError(
      pool.query("insert into public.assets (job_id, project_id, asset_type, storage_path, file_size) values ($1, $2, 'report', $3, -1)", [job, team.project, `${team.project}/${job}/b.txt`]),
      { code: "23514", constraint: "assets_file_size_range" },
    );
    await pool.query(insert, [job, team.project, `${team.project}/${job}/ok.txt`]);
    await expectPgError(pool.query(insert, [job, team.project, `${team.project}/${job}/ok.txt`]), { code: "23505", constraint: "assets_storage_path_key" });
  });
});

describe("users, plans and billing", () => {
  test("an avatar must be an http(s) URL, a name not blank", async () => {
    await expectPgError(pool.query("update public.users set avatar_url = 'javascript:alert(1)' where id = $1", [team.owner]), {
      code: "23514",
      constraint: "users_avatar_url_format",
    });
    await expectPgError(pool.query("update public.users set name = '   ' where id = $1", [team.owner]), {
      code: "23514",
      constraint: "users_name_length",
    });
  });

  test("plan limits cannot be negative", async () => {
    await expectPgError(pool.query("update public.plan_limits set max_projects = -1 where tier = 'free'"), {
      code: "23514",
      constraint: "plan_limits_max_projects_range",
    });
  });

  test("one Stripe customer per user and one user per customer, with Stripe's id formats", async () => {
    const a = await createUser(pool);
    const b = await createUser(pool);
    const customer = `cus_${randomUUID().replaceAll("-", "")}`;
    await pool.query("insert into public.billing_customers (user_id, stripe_customer_id) values ($1, $2)", [a, customer]);
    await expectPgError(pool.query("insert into public.billing_customers (user_id, stripe_customer_id) values ($1, $2)", [b, customer]), {
      code: "23505",
      constraint: "billing_customers_stripe_customer_id_key",
    });
    await expectPgError(pool.query("insert into public.billing_customers (user_id, stripe_customer_id) values ($1, 'cus_other')", [a]), {
      code: "23505",
      constraint: "billing_customers_pkey",
    });
    await expectPgError(pool.query("insert into public.billing_customers (user_id, stripe_customer_id) values ($1, 'customer-1')", [b]), {
      code: "23514",
      constraint: "billing_customers_stripe_customer_id_format",
    });
  });

  test("a subscription period cannot end before it starts", async () => {
    await expectPgError(
      pool.query(
        `insert into public.subscriptions (user_id, stripe_subscription_id, stripe_customer_id, tier, status,
           current_period_start, current_period_end, stripe_event_created_at, last_stripe_event_id)
         values ($1, 'sub_periodcheck', 'cus_periodcheck', 'pro', 'active', now(), now() - interval '1 day', now(), 'evt_x')`,
        [team.outsider],
      ),
      { code: "23514", constraint: "subscriptions_period_order" },
    );
  });
});

describe("triggers", () => {
  test("sign-up creates the profile from the auth row and its metadata", async () => {
    const id = await createUser(pool, {
      email: `meta-${randomUUID()}@test.local`,
      meta: { full_name: "  Ada Lovelace  ", avatar_url: "https://example.com/ada.png" },
    });
    const unsafe = await createUser(pool, { meta: { name: "Eve", avatar_url: "javascript:alert(1)" } });
    const { rows } = await pool.query(
      `select id, name, avatar_url, subscription_tier, subscription_status, monthly_usage,
              usage_reset_at = (date_trunc('month', now() at time zone 'UTC') + interval '1 month') at time zone 'UTC' as resets_next_month
       from public.users where id = any ($1) order by name`,
      [[id, unsafe]],
    );
    expect(rows).toEqual([
      { id, name: "Ada Lovelace", avatar_url: "https://example.com/ada.png", subscription_tier: "free", subscription_status: null, monthly_usage: 0, resets_next_month: true },
      { id: unsafe, name: "Eve", avatar_url: null, subscription_tier: "free", subscription_status: null, monthly_usage: 0, resets_next_month: true },
    ]);
  });

  test("a changed auth email is copied to the profile", async () => {
    const id = await createUser(pool);
    const email = `changed-${randomUUID()}@test.local`;
    await pool.query("update auth.users set email = $2 where id = $1", [id, email]);
    const { rows } = await pool.query("select email from public.users where id = $1", [id]);
    expect(rows).toEqual([{ email }]);
  });

  test("updated_at moves on update, created_at does not", async () => {
    const project = await createProject(pool, team.outsider, "Timestamps");
    const before = await pool.query<{ created_at: Date; updated_at: Date }>("select created_at, updated_at from public.projects where id = $1", [project]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await pool.query<{ created_at: Date; updated_at: Date }>(
      "update public.projects set description = 'changed' where id = $1 returning created_at, updated_at",
      [project],
    );
    expect(after.rows[0]!.created_at).toEqual(before.rows[0]!.created_at);
    expect(after.rows[0]!.updated_at.getTime()).toBeGreaterThan(before.rows[0]!.updated_at.getTime());
    await pool.query("delete from public.projects where id = $1", [project]);
  });

  test("deleting the auth user deletes what they own and leaves what they shared", async () => {
    const leaving = await createUser(pool);
    const other = await createUser(pool);
    const own = await createProject(pool, leaving, "Mine");
    await addMember(pool, own, other, "member");
    const ownJob = await createJob(pool, own, other);
    const theirs = await createProject(pool, other, "Theirs");
    await addMember(pool, theirs, leaving, "admin");
    const sharedJob = await createJob(pool, theirs, leaving);
    const suffix = randomUUID().replaceAll("-", "");
    await pool.query("insert into public.billing_customers (user_id, stripe_customer_id) values ($1, $2)", [leaving, `cus_${suffix}`]);
    await pool.query(
      "select public.apply_stripe_subscription_event($1, 'customer.subscription.created', now(), $2, $3, $4, 'active', 'pro')",
      [`evt_${suffix}`, `cus_${suffix}`, leaving, `sub_${suffix}`],
    );

    await pool.query("delete from auth.users where id = $1", [leaving]);

    const count = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rowCount;
    expect(await count("select 1 from public.users where id = $1", [leaving])).toBe(0);
    expect(await count("select 1 from public.projects where id = $1", [own])).toBe(0);
    expect(await count("select 1 from public.jobs where id = $1", [ownJob])).toBe(0);
    expect(await count("select 1 from public.project_members where user_id = $1", [leaving])).toBe(0);
    expect(await count("select 1 from public.subscriptions where user_id = $1", [leaving])).toBe(0);
    expect(await count("select 1 from public.billing_customers where user_id = $1", [leaving])).toBe(0);
    expect(await count("select 1 from public.subscription_audit where user_id = $1", [leaving])).toBe(0);
    expect(await count("select 1 from public.projects where id = $1", [theirs])).toBe(1);
    const { rows } = await pool.query("select user_id from public.jobs where id = $1", [sharedJob]);
    expect(rows).toEqual([{ user_id: null }]);
  });

  test("the service role writes billing columns (the app's admin client can)", async () => {
    const id = await createUser(pool);
    const { rows } = await queryAs(pool, serviceRole, "update public.users set subscription_tier = 'studio' where id = $1 returning subscription_tier", [id]);
    expect(rows).toEqual([{ subscription_tier: "studio" }]);
  });
});
