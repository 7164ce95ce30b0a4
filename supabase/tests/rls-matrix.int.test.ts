// The RLS matrix: for every table in public and for storage.objects (one
// bucket at a time), who may select, insert, update and delete (plus the
// columns with a rule of their own, as table:column), declared as a
// table of expectations and checked cell by cell for real: each cell runs in
// its own transaction as the role (`set local role` + request.jwt.claims, as
// the Data API does) and is rolled back. A cell is "yes" when the statement
// succeeds and touches the fixture row; "no" when it errors (no privilege,
// policy violation) or touches nothing (row filtered by RLS).
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  addMember, anon, asRole, schemaDbUrl, type Claims, createJob, createPool, createProject, createTeam, createUser, expectPgError,
  inRolledBackTransaction, queryAs, serviceRole, type Team, user,
} from "./helpers.ts";

const ROLES = ["anon", "outsider", "viewer", "member", "admin", "owner", "service_role"] as const;
type Role = (typeof ROLES)[number];
type Op = "select" | "insert" | "update" | "delete";

// prettier-ignore
const EXPECTED = `
  target                    op       anon  outsider viewer member admin owner service_role
  public.users              select   no    no       no     no     no    yes   yes
  public.users              insert   no    no       no     no     no    no    yes
  public.users              update   no    no       no     no     no    yes   yes
  public.users              delete   no    no       no     no     no    no    yes
  public.plan_limits        select   no    yes      yes    yes    yes   yes   yes
  public.plan_limits        insert   no    no       no     no     no    no    yes
  public.plan_limits        update   no    no       no     no     no    no    yes
  public.plan_limits        delete   no    no       no     no     no    no    yes
  public.projects           select   no    no       yes    yes    yes   yes   yes
  public.projects           insert   no    yes      yes    yes    yes   yes   yes
  public.projects           update   no    no       no     yes    yes   yes   yes
  public.projects:name      update   no    no       no     no     yes   yes   yes
  public.projects           delete   no    no       no     no     no    yes   yes
  public.project_members    select   no    no       yes    yes    yes   yes   yes
  public.project_members    insert   no    no       no     no     no    no    yes
  public.project_members    update   no    no       no     no     no    no    yes
  public.project_members    delete   no    no       no     no     no    no    yes
  public.jobs               select   no    no       yes    yes    yes   yes   yes
  public.jobs               insert   no    no       no     yes    yes   yes   yes
  public.jobs               update   no    no       no     no     no    no    yes
  public.jobs               delete   no    no       no     no     no    no    yes
  public.assets             select   no    no       yes    yes    yes   yes   yes
  public.assets             insert   no    no       no     no     no    no    yes
  public.assets             update   no    no       no     no     no    no    yes
  public.assets             delete   no    no       no     no     no    no    yes
  public.subscriptions      select   no    no       no     no     no    yes   yes
  public.subscriptions      insert   no    no       no     no     no    no    yes
  public.subscriptions      update   no    no       no     no     no    no    yes
  public.subscriptions      delete   no    no       no     no     no    no    yes
  public.billing_customers  select   no    no       no     no     no    no    yes
  public.billing_customers  insert   no    no       no     no     no    no    yes
  public.billing_customers  update   no    no       no     no     no    no    yes
  public.billing_customers  delete   no    no       no     no     no    no    yes
  public.subscription_audit select   no    no       no     no     no    yes   yes
  public.subscription_audit insert   no    no       no     no     no    no    yes
  public.subscription_audit update   no    no       no     no     no    no    yes
  public.subscription_audit delete   no    no       no     no     no    no    yes
  public.stripe_events      select   no    no       no     no     no    no    yes
  public.stripe_events      insert   no    no       no     no     no    no    yes
  public.stripe_events      update   no    no       no     no     no    no    yes
  public.stripe_events      delete   no    no       no     no     no    no    yes
  storage.objects:assets    select   no    no       yes    yes    yes   yes   yes
  storage.objects:assets    insert   no    no       no     no     no    no    yes
  storage.objects:assets    update   no    no       no     no     no    no    yes
  storage.objects:assets    delete   no    no       no     no     no    no    yes
  storage.objects:avatars   select   no    no       no     no     no    yes   yes
  storage.objects:avatars   insert   no    yes      yes    yes    yes   yes   yes
  storage.objects:avatars   update   no    no       no     no     no    yes   yes
  storage.objects:avatars   delete   no    no       no     no     no    yes   yes
`;
// What each cell does. Rows, by target: users = the owner's profile;
// projects = the team's project (update: its description; delete: a project
// in the owner's trash); projects:name = renaming the team's project (members
// edit the description only);
// project_members = the member's row; jobs, assets = the project's; the
// billing tables = the owner's; storage:assets = an output of the project's
// job; storage:avatars = the owner's avatar (insert: the actor's own folder).

interface Fixture extends Team {
  trashedProject: string;
  job: string;
  asset: string;
  auditId: string;
  stripeEventId: string;
  assetObject: string;
  avatarObject: string;
}

interface Statement {
  sql: string;
  params?: unknown[];
  /** Runs first, as the superuser, in the cell's transaction. */
  prepare?: (client: pg.PoolClient) => Promise<void>;
}

/** A target's statement per operation; a column target (table:column) has only the operations it is about. */
type Operations = Partial<Record<Op, (actor: string | null) => Statement>>;

function operations(f: Fixture): Record<string, Operations> {
  const newProfileId = randomUUID();
  return {
    "public.users": {
      select: () => ({ sql: "select 1 from public.users where id = $1", params: [f.owner] }),
      insert: () => ({
        // A profile for an auth user who has none (the trigger's row removed first).
        prepare: async (client) => {
          await createUser(client, { id: newProfileId });
          await client.query("delete from public.users where id = $1", [newProfileId]);
        },
        sql: "insert into public.users (id, email) values ($1, 'matrix@test.local')",
        params: [newProfileId],
      }),
      update: () => ({ sql: "update public.users set name = 'Renamed' where id = $1", params: [f.owner] }),
      delete: () => ({ sql: "delete from public.users where id = $1", params: [f.owner] }),
    },
    "public.plan_limits": {
      select: () => ({ sql: "select 1 from public.plan_limits where tier = 'studio'" }),
      insert: () => ({
        prepare: async (client) => {
          await client.query("delete from public.plan_limits where tier = 'studio'");
        },
        sql: "insert into public.plan_limits (tier, max_projects) values ('studio', 500)",
      }),
      update: () => ({ sql: "update public.plan_limits set max_projects = 1000 where tier = 'studio'" }),
      delete: () => ({ sql: "delete from public.plan_limits where tier = 'studio'" }),
    },
    "public.projects": {
      select: () => ({ sql: "select 1 from public.projects where id = $1", params: [f.project] }),
      insert: (actor) => ({
        sql: "insert into public.projects (name, owner_id) values ('Matrix project', $1)",
        params: [actor ?? f.owner],
      }),
      update: () => ({ sql: "update public.projects set description = 'Edited by the matrix' where id = $1", params: [f.project] }),
      delete: () => ({ sql: "delete from public.projects where id = $1", params: [f.trashedProject] }),
    },
    "public.projects:name": {
      update: () => ({ sql: "update public.projects set name = 'Renamed by the matrix' where id = $1", params: [f.project] }),
    },
    "public.project_members": {
      select: () => ({
        sql: "select 1 from public.project_members where project_id = $1 and user_id = $2",
        params: [f.project, f.member],
      }),
      insert: () => ({
        sql: "insert into public.project_members (project_id, user_id, role) values ($1, $2, 'viewer')",
        params: [f.project, f.outsider],
      }),
      update: () => ({
        sql: "update public.project_members set role = 'viewer' where project_id = $1 and user_id = $2",
        params: [f.project, f.member],
      }),
      delete: () => ({
        sql: "delete from public.project_members where project_id = $1 and user_id = $2",
        params: [f.project, f.member],
      }),
    },
    "public.jobs": {
      select: () => ({ sql: "select 1 from public.jobs where id = $1", params: [f.job] }),
      insert: () => ({
        sql: "insert into public.jobs (project_id, job_type, parameters) values ($1, 'matrix.test', '{}')",
        params: [f.project],
      }),
      update: () => ({ sql: "update public.jobs set progress = 50 where id = $1", params: [f.job] }),
      delete: () => ({ sql: "delete from public.jobs where id = $1", params: [f.job] }),
    },
    "public.assets": {
      select: () => ({ sql: "select 1 from public.assets where id = $1", params: [f.asset] }),
      insert: () => ({
        sql: `insert into public.assets (job_id, project_id, asset_type, storage_path, file_size)
              values ($1, $2, 'report', $3, 1)`,
        params: [f.job, f.project, `${f.project}/${f.job}/matrix.txt`],
      }),
      update: () => ({ sql: `update public.assets set metadata = '{"checked": true}' where id = $1`, params: [f.asset] }),
      delete: () => ({ sql: "delete from public.assets where id = $1", params: [f.asset] }),
    },
    "public.subscriptions": {
      select: () => ({ sql: "select 1 from public.subscriptions where user_id = $1", params: [f.owner] }),
      insert: () => ({
        // For the viewer, who has none: also "a user cannot subscribe themself".
        sql: `insert into public.subscriptions (user_id, stripe_subscription_id, stripe_customer_id, tier, status,
                                                stripe_event_created_at, last_stripe_event_id)
              values ($1, 'sub_matrixinsert', 'cus_matrixinsert', 'enterprise', 'active', now(), 'evt_matrix')`,
        params: [f.viewer],
      }),
      update: () => ({ sql: "update public.subscriptions set tier = 'enterprise' where user_id = $1", params: [f.owner] }),
      delete: () => ({ sql: "delete from public.subscriptions where user_id = $1", params: [f.owner] }),
    },
    "public.billing_customers": {
      select: () => ({ sql: "select 1 from public.billing_customers where user_id = $1", params: [f.owner] }),
      insert: () => ({
        sql: "insert into public.billing_customers (user_id, stripe_customer_id) values ($1, 'cus_matrixbilling')",
        params: [f.viewer],
      }),
      update: () => ({
        sql: "update public.billing_customers set stripe_customer_id = 'cus_matrixchanged' where user_id = $1",
        params: [f.owner],
      }),
      delete: () => ({ sql: "delete from public.billing_customers where user_id = $1", params: [f.owner] }),
    },
    "public.subscription_audit": {
      select: () => ({ sql: "select 1 from public.subscription_audit where id = $1", params: [f.auditId] }),
      insert: () => ({
        sql: "insert into public.subscription_audit (user_id, action) values ($1, 'subscription_updated')",
        params: [f.owner],
      }),
      update: () => ({ sql: `update public.subscription_audit set details = '{"edited": true}' where id = $1`, params: [f.auditId] }),
      delete: () => ({ sql: "delete from public.subscription_audit where id = $1", params: [f.auditId] }),
    },
    "public.stripe_events": {
      select: () => ({ sql: "select 1 from public.stripe_events where id = $1", params: [f.stripeEventId] }),
      insert: () => ({
        sql: "insert into public.stripe_events (id, type, created) values ('evt_matrix_insert', 'invoice.paid', now())",
      }),
      update: () => ({ sql: "update public.stripe_events set received_at = now() where id = $1", params: [f.stripeEventId] }),
      delete: () => ({ sql: "delete from public.stripe_events where id = $1", params: [f.stripeEventId] }),
    },
    "storage.objects:assets": {
      select: () => ({ sql: "select 1 from storage.objects where id = $1", params: [f.assetObject] }),
      insert: () => ({
        sql: "insert into storage.objects (bucket_id, name) values ('assets', $1)",
        params: [`${f.project}/${f.job}/uploaded.txt`],
      }),
      update: () => ({ sql: `update storage.objects set metadata = '{"size": 1}' where id = $1`, params: [f.assetObject] }),
      delete: () => ({ sql: "delete from storage.objects where id = $1", params: [f.assetObject] }),
    },
    "storage.objects:avatars": {
      select: () => ({ sql: "select 1 from storage.objects where id = $1", params: [f.avatarObject] }),
      insert: (actor) => ({
        sql: "insert into storage.objects (bucket_id, name, owner) values ('avatars', $1, $2)",
        params: [`${actor ?? f.owner}/matrix.png`, actor],
      }),
      update: () => ({ sql: `update storage.objects set metadata = '{"size": 1}' where id = $1`, params: [f.avatarObject] }),
      delete: () => ({ sql: "delete from storage.objects where id = $1", params: [f.avatarObject] }),
    },
  };
}

interface Row {
  target: string;
  op: Op;
  expected: Record<Role, boolean>;
}

function parseExpectations(text: string): Row[] {
  const lines = text.trim().split("\n").map((line) => line.trim().split(/\s+/));
  const [header, ...rows] = lines;
  expect(header).toEqual(["target", "op", ...ROLES]);
  return rows.map((cells) => {
    const [target, op, ...answers] = cells as [string, Op, ...string[]];
    expect(answers, `${target} ${op}`).toHaveLength(ROLES.length);
    const expected = Object.fromEntries(
      ROLES.map((role, i) => {
        const answer = answers[i];
        if (answer !== "yes" && answer !== "no") throw new Error(`${target} ${op} ${role}: "${answer}" is not yes/no`);
        return [role, answer === "yes"];
      }),
    ) as Record<Role, boolean>;
    return { target, op, expected };
  });
}

const matrix = parseExpectations(EXPECTED);

let pool: pg.Pool;
let f: Fixture;

function claimsOf(role: Role): Claims {
  if (role === "anon") return anon;
  if (role === "service_role") return serviceRole;
  return user(f[role]);
}

function actorOf(role: Role): string | null {
  return role === "anon" || role === "service_role" ? null : f[role];
}

/** Runs one cell; returns whether it was allowed, and why not. */
async function runCell(ops: Operations, op: Op, role: Role): Promise<{ allowed: boolean; why: string }> {
  const operation = ops[op];
  if (!operation) throw new Error(`no ${op} statement for this target`);
  const statement = operation(actorOf(role));
  return inRolledBackTransaction(
    pool,
    claimsOf(role),
    async (client) => {
      try {
        const result = await client.query(statement.sql, statement.params ?? []);
        const touched = op === "select" ? result.rows.length : (result.rowCount ?? 0);
        return { allowed: touched === 1, why: `${touched} rows` };
      } catch (error) {
        const e = error as pg.DatabaseError;
        return { allowed: false, why: `${e.code}: ${e.message}` };
      }
    },
    statement.prepare,
  );
}

beforeAll(async () => {
  pool = createPool(schemaDbUrl());
  const team = await createTeam(pool, "Matrix project");
  const trashedProject = await createProject(pool, team.owner, "Matrix trash");
  await addMember(pool, trashedProject, team.admin, "admin");
  await addMember(pool, trashedProject, team.member, "member");
  await addMember(pool, trashedProject, team.viewer, "viewer");
  await pool.query("update public.projects set deleted_at = now() - interval '1 day' where id = $1", [trashedProject]);
  const job = await createJob(pool, team.project, team.member);
  const path = `${team.project}/${job}/result.txt`;
  const { rows: assetRows } = await pool.query<{ id: string }>(
    `insert into public.assets (job_id, project_id, user_id, asset_type, storage_path, file_size, mime_type)
     values ($1, $2, $3, 'report', $4, 10, 'text/plain') returning id`,
    [job, team.project, team.member, path],
  );
  const { rows: objects } = await pool.query<{ id: string; bucket_id: string }>(
    `insert into storage.objects (bucket_id, name, owner)
     values ('assets', $1, null), ('avatars', $2, $3) returning id, bucket_id`,
    [path, `${team.owner}/avatar.png`, team.owner],
  );
  const suffix = randomUUID().replaceAll("-", "");
  const stripeEventId = `evt_matrix_${suffix}`;
  await pool.query(
    `insert into public.stripe_events (id, type, created, processed_at, outcome)
     values ($1, 'customer.subscription.created', now(), now(), 'applied')`,
    [stripeEventId],
  );
  await pool.query("insert into public.billing_customers (user_id, stripe_customer_id) values ($1, $2)", [
    team.owner,
    `cus_${suffix}`,
  ]);
  await pool.query(
    `insert into public.subscriptions (user_id, stripe_subscription_id, stripe_customer_id, tier, status,
                                       stripe_event_created_at, last_stripe_event_id)
     values ($1, $2, $3, 'pro', 'active', now(), $4)`,
    [team.owner, `sub_${suffix}`, `cus_${suffix}`, stripeEventId],
  );
  const { rows: audit } = await pool.query<{ id: string }>(
    `insert into public.subscription_audit (user_id, stripe_event_id, action)
     values ($1, $2, 'subscription_created') returning id`,
    [team.owner, stripeEventId],
  );
  f = {
    ...team,
    trashedProject,
    job,
    asset: assetRows[0]!.id,
    auditId: audit[0]!.id,
    stripeEventId,
    assetObject: objects.find((o) => o.bucket_id === "assets")!.id,
    avatarObject: objects.find((o) => o.bucket_id === "avatars")!.id,
  };
});

afterAll(async () => {
  await pool.end();
});

describe("RLS matrix", () => {
  test("covers every table in public and both buckets", async () => {
    const { rows } = await pool.query<{ name: string }>(
      "select 'public.' || tablename as name from pg_tables where schemaname = 'public' order by 1",
    );
    const targets = new Set(matrix.map((row) => row.target));
    for (const { name } of rows) {
      for (const op of ["select", "insert", "update", "delete"] as const) {
        expect(matrix.some((row) => row.target === name && row.op === op), `${name} ${op} in the matrix`).toBe(true);
      }
    }
    expect([...targets].filter((t) => t.startsWith("storage."))).toEqual(["storage.objects:assets", "storage.objects:avatars"]);
  });

  test.each(matrix.map((row) => [row.target, row.op, row] as const))("%s %s", async (target, op, row) => {
    const ops = operations(f)[target];
    expect(ops, `operations for ${target}`).toBeDefined();
    const mismatches: string[] = [];
    for (const role of ROLES) {
      const { allowed, why } = await runCell(ops!, op, role);
      if (allowed !== row.expected[role]) {
        mismatches.push(`${role}: expected ${row.expected[role] ? "yes" : "no"}, got ${allowed ? "yes" : "no"} (${why})`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("abuse", () => {
  test("a member cannot make themself owner, by any route", async () => {
    const member = user(f.member);
    await expectPgError(
      queryAs(pool, member, "update public.project_members set role = 'owner' where project_id = $1 and user_id = $2", [f.project, f.member]),
      { code: "42501", message: "permission denied" },
    );
    await expectPgError(
      queryAs(pool, member, "select public.change_project_member_role($1, $2, 'owner')", [f.project, f.member]),
      { code: "42501", message: "not_allowed:" },
    );
    await expectPgError(
      queryAs(pool, member, "select public.transfer_project_ownership($1, $2)", [f.project, f.member]),
      { code: "42501", message: "not_allowed:" },
    );
    await expectPgError(
      queryAs(pool, member, "update public.projects set owner_id = $2 where id = $1", [f.project, f.member]),
      { code: "42501", message: "permission denied" },
    );
    // An admin neither.
    await expectPgError(
      queryAs(pool, user(f.admin), "select public.change_project_member_role($1, $2, 'owner')", [f.project, f.admin]),
      { code: "P0001", message: "invalid_role:" },
    );
    await expectPgError(
      queryAs(pool, user(f.admin), "select public.transfer_project_ownership($1, $2)", [f.project, f.admin]),
      { code: "42501", message: "not_allowed:" },
    );
    const { rows } = await pool.query("select user_id, role from public.project_members where project_id = $1 and role = 'owner'", [f.project]);
    expect(rows).toEqual([{ user_id: f.owner, role: "owner" }]);
  });

  test("nobody adds members to a project they do not administer", async () => {
    const { rows } = await pool.query<{ email: string }>("select email from public.users where id = $1", [f.outsider]);
    const email = rows[0]!.email;
    await expectPgError(
      queryAs(pool, user(f.member), "select public.invite_project_member($1, $2, 'viewer')", [f.project, email]),
      { code: "42501", message: "not_allowed:" },
    );
    await expectPgError(
      queryAs(pool, user(f.viewer), "select public.invite_project_member($1, $2, 'viewer')", [f.project, email]),
      { code: "42501", message: "not_allowed:" },
    );
    // Not a member at all: the project might as well not exist.
    const stranger = await createUser(pool);
    await expectPgError(
      queryAs(pool, user(stranger), "select public.invite_project_member($1, $2, 'viewer')", [f.project, email]),
      { code: "P0001", message: "project_not_found:" },
    );
    // Admin of their own project, not of this one.
    const elsewhere = await createProject(pool, stranger, "Stranger's project");
    await addMember(pool, elsewhere, f.viewer, "admin");
    await expectPgError(
      queryAs(pool, user(f.viewer), "select public.invite_project_member($1, $2, 'member')", [f.project, email]),
      { code: "42501", message: "not_allowed:" },
    );
    await expectPgError(
      queryAs(pool, user(f.member), "insert into public.project_members (project_id, user_id, role) values ($1, $2, 'viewer')", [f.project, f.outsider]),
      { code: "42501", message: "permission denied" },
    );
    const count = await pool.query("select 1 from public.project_members where project_id = $1 and user_id = $2", [f.project, f.outsider]);
    expect(count.rowCount).toBe(0);
  });

  test("a user cannot raise their own tier, quota or usage", async () => {
    const owner = user(f.owner);
    for (const column of ["subscription_tier = 'enterprise'", "subscription_status = 'active'", "monthly_usage = 0", "usage_reset_at = now()", "email = 'x@evil.test'"]) {
      await expectPgError(queryAs(pool, owner, `update public.users set ${column} where id = $1`, [f.owner]), {
        code: "42501",
        message: "permission denied",
      });
    }
    await expectPgError(
      queryAs(pool, owner, "update public.plan_limits set max_projects = null where tier = 'free'"),
      { code: "42501", message: "permission denied" },
    );
    await expectPgError(
      queryAs(pool, owner, "select public.apply_stripe_subscription_event('evt_forged', 'customer.subscription.updated', now(), 'cus_forged', $1, 'sub_forged', 'active', 'enterprise')", [f.owner]),
      { code: "42501", message: "permission denied for function apply_stripe_subscription_event" },
    );
    // What they may change: name and avatar.
    const updated = await queryAs(pool, owner, "update public.users set name = 'Still me', avatar_url = 'https://example.com/a.png' where id = $1", [f.owner]);
    expect(updated.rowCount).toBe(1);
    const { rows } = await pool.query("select subscription_tier from public.users where id = $1", [f.owner]);
    expect(rows).toEqual([{ subscription_tier: "free" }]);
  });

  test("a user cannot read another user's profile, subscription, audit, customer or jobs", async () => {
    const outsider = user(f.outsider);
    for (const [table, column] of [
      ["users", "id"], ["subscriptions", "user_id"], ["subscription_audit", "user_id"],
    ] as const) {
      const { rowCount } = await queryAs(pool, outsider, `select 1 from public.${table} where ${column} = $1`, [f.owner]);
      expect(rowCount, table).toBe(0);
    }
    const jobs = await queryAs(pool, outsider, "select 1 from public.jobs where project_id = $1", [f.project]);
    expect(jobs.rowCount).toBe(0);
    await expectPgError(queryAs(pool, outsider, "select 1 from public.billing_customers"), { code: "42501" });
    // Even a fellow member sees only their own billing rows.
    const all = await queryAs<{ user_id: string }>(pool, user(f.admin), "select user_id from public.subscriptions");
    expect(all.rows.every((r) => r.user_id === f.admin)).toBe(true);
    const members = await queryAs(pool, user(f.admin), "select 1 from public.users where id = $1", [f.owner]);
    expect(members.rowCount).toBe(0);
  });

  test("anon reads and calls nothing in public", async () => {
    const { rows } = await pool.query<{ tablename: string }>("select tablename from pg_tables where schemaname = 'public'");
    for (const { tablename } of rows) {
      await expectPgError(queryAs(pool, anon, `select 1 from public.${tablename} limit 1`), { code: "42501" });
    }
    await expectPgError(queryAs(pool, anon, "select * from public.list_project_members($1)", [f.project]), { code: "42501" });
  });

  test("the trash is the owner's: admins, members and viewers no longer see the project or its jobs", async () => {
    const trashedJob = await createJob(pool, f.trashedProject, f.owner);
    for (const role of ["admin", "member", "viewer"] as const) {
      const seen = await queryAs(pool, user(f[role]), "select 1 from public.projects where id = $1", [f.trashedProject]);
      expect(seen.rowCount, role).toBe(0);
      const jobs = await queryAs(pool, user(f[role]), "select 1 from public.jobs where id = $1", [trashedJob]);
      expect(jobs.rowCount, role).toBe(0);
      const members = await queryAs(pool, user(f[role]), "select 1 from public.project_members where project_id = $1", [f.trashedProject]);
      expect(members.rowCount, role).toBe(0);
      await expectPgError(
        queryAs(pool, user(f[role]), "insert into public.jobs (project_id, job_type) values ($1, 'test.job')", [f.trashedProject]),
        { code: "42501", message: "row-level security" },
      );
    }
    const ownerView = await queryAs(pool, user(f.owner), "select deleted_at is not null as trashed from public.projects where id = $1", [f.trashedProject]);
    expect(ownerView.rows).toEqual([{ trashed: true }]);
    // Nobody edits a trashed project, not even its owner (restore it first).
    const edit = await queryAs(pool, user(f.owner), "update public.projects set name = 'Edited in trash' where id = $1", [f.trashedProject]);
    expect(edit.rowCount).toBe(0);
  });

  test("an active project cannot be deleted for good, even by its owner (trash it first)", async () => {
    const deleted = await inRolledBackTransaction(pool, user(f.owner), (c) => c.query("delete from public.projects where id = $1", [f.project]));
    expect(deleted.rowCount).toBe(0);
  });

  test("created_by and updated_by come from the JWT, not the request", async () => {
    await expectPgError(
      queryAs(pool, user(f.member), "insert into public.projects (name, created_by) values ('Forged', $1)", [f.owner]),
      { code: "42501", message: "permission denied" },
    );
    const created = await queryAs<{ id: string; created_by: string; updated_by: string }>(
      pool, user(f.owner), "insert into public.projects (name) values ('Audited') returning id, created_by, updated_by",
    );
    const project = created.rows[0]!;
    expect(project).toMatchObject({ created_by: f.owner, updated_by: f.owner });
    await addMember(pool, project.id, f.admin, "admin");
    const { rows } = await queryAs(pool, user(f.admin), "update public.projects set description = 'By the admin' where id = $1 returning created_by, updated_by", [project.id]);
    expect(rows).toEqual([{ created_by: f.owner, updated_by: f.admin }]);
  });

  test("members edit the description only; viewers edit nothing", async () => {
    const team = await createTeam(pool, "Description only");
    const member = user(team.member);
    const stored = async () =>
      (await pool.query("select name, description, owner_id, deleted_at from public.projects where id = $1", [team.project])).rows[0];
    const before = await stored();

    // Renaming, alone or along with the description, is refused as a whole.
    for (const set of ["name = 'Renamed by a member'", "name = 'Renamed by a member', description = 'And described'"]) {
      const error = await expectPgError(queryAs(pool, member, `update public.projects set ${set} where id = $1`, [team.project]), {
        code: "42501",
        message: "not_allowed: members can only edit the description",
      });
      expect(error.detail).toBe("changed: name");
    }
    // Trashing, restoring or taking over the project: no column privilege at all ...
    const takeovers = [
      ["set deleted_at = now() where id = $1", [team.project]],
      ["set owner_id = $2 where id = $1", [team.project, team.member]],
      ["set created_by = $2 where id = $1", [team.project, team.member]],
    ] as const;
    for (const [change, params] of takeovers) {
      await expectPgError(queryAs(pool, member, `update public.projects ${change}`, [...params]), { code: "42501", message: "permission denied" });
    }
    // ... and were a later migration to widen the grant, the trigger still refuses them.
    for (const [change, params] of takeovers.slice(0, 2)) {
      await expectPgError(
        inRolledBackTransaction(
          pool,
          member,
          (c) => c.query(`update public.projects ${change}`, [...params]),
          (c) => c.query("grant update (deleted_at, owner_id) on table public.projects to authenticated").then(() => undefined),
        ),
        { code: "42501", message: "not_allowed: members can only edit the description" },
      );
    }
    // A viewer's edit touches nothing (row level security filters the row out).
    const byViewer = await queryAs(pool, user(team.viewer), "update public.projects set description = 'By the viewer' where id = $1", [team.project]);
    expect(byViewer.rowCount).toBe(0);
    expect(await stored()).toEqual(before);

    // What a member may do: the description (a name set to its current value is no change).
    const edited = await queryAs(
      pool, member, "update public.projects set description = 'By the member', name = name where id = $1 returning description, updated_by", [team.project],
    );
    expect(edited.rows).toEqual([{ description: "By the member", updated_by: team.member }]);
    expect(await stored()).toEqual({ ...before, description: "By the member" });
    // Owners, admins and the service role still rename.
    for (const [claims, name] of [[user(team.owner), "By the owner"], [user(team.admin), "By the admin"], [serviceRole, "By the service"]] as const) {
      const renamed = await queryAs(pool, claims, "update public.projects set name = $2 where id = $1", [team.project, name]);
      expect(renamed.rowCount, name).toBe(1);
    }
    expect((await stored())?.name).toBe("By the service");
  });

  test("a user cannot create a project for someone else", async () => {
    await expectPgError(
      queryAs(pool, user(f.member), "insert into public.projects (name, owner_id) values ('For the owner', $1)", [f.owner]),
      { code: "42501", message: "row-level security" },
    );
  });

  test("jobs: viewers cannot create them, nobody forges their status or creator", async () => {
    await expectPgError(
      queryAs(pool, user(f.viewer), "insert into public.jobs (project_id, job_type) values ($1, 'test.job')", [f.project]),
      { code: "42501", message: "row-level security" },
    );
    await expectPgError(
      queryAs(pool, user(f.member), "insert into public.jobs (project_id, job_type, status) values ($1, 'test.job', 'completed')", [f.project]),
      { code: "42501", message: "permission denied" },
    );
    await expectPgError(
      queryAs(pool, user(f.member), "insert into public.jobs (project_id, job_type, user_id) values ($1, 'test.job', $2)", [f.project, f.owner]),
      { code: "42501", message: "permission denied" },
    );
    const created = await inRolledBackTransaction(pool, user(f.member), (c) =>
      c.query("insert into public.jobs (project_id, job_type) values ($1, 'test.job') returning user_id, status, progress", [f.project]),
    );
    expect(created.rows).toEqual([{ user_id: f.member, status: "queued", progress: 0 }]);
  });

  test("avatars: nobody writes into another user's folder", async () => {
    await expectPgError(
      queryAs(pool, user(f.outsider), "insert into storage.objects (bucket_id, name) values ('avatars', $1)", [`${f.owner}/evil.png`]),
      { code: "42501", message: "row-level security" },
    );
    const overwrite = await queryAs(pool, user(f.outsider), "update storage.objects set name = $2 where id = $1", [f.avatarObject, `${f.outsider}/stolen.png`]);
    expect(overwrite.rowCount).toBe(0);
    await expectPgError(
      queryAs(pool, user(f.owner), "update storage.objects set name = $2 where id = $1", [f.avatarObject, `${f.outsider}/gift.png`]),
      { code: "42501", message: "row-level security" },
    );
  });

  test("assets bucket: a malformed or foreign path is unreadable, never an error", async () => {
    const other = await createTeam(pool, "Other team");
    const otherJob = await createJob(pool, other.project, other.owner);
    await pool.query(
      "insert into storage.objects (bucket_id, name) values ('assets', $1), ('assets', $2)",
      [`${other.project}/${otherJob}/secret.txt`, `not-a-uuid/${randomUUID()}.txt`],
    );
    const { rows } = await queryAs<{ name: string }>(pool, user(f.member), "select name from storage.objects where bucket_id = 'assets'");
    expect(rows.map((r) => r.name)).toEqual([`${f.project}/${f.job}/result.txt`]);
  });

  test("asRole really runs as the role (the harness can fail)", async () => {
    const { rows } = await asRole(pool, user(f.member), (c) =>
      c.query<{ current_user: string; uid: string }>("select current_user, auth.uid() as uid"),
    );
    expect(rows).toEqual([{ current_user: "authenticated", uid: f.member }]);
  });
});
