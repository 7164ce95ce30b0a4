// Projects as signed-in users use them: the plan limit at creation, the
// member RPCs and their refusals, the trash (soft delete, restore, permanent
// delete, purge). Every call runs as the user through `set local role` and
// JWT claims, committed, as one Data API request would be.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addMember, asRole, createPool, createProject, createTeam, createUser, expectPgError, queryAs, serviceRole, type Team, user } from "./helpers.ts";

let pool: pg.Pool;

beforeAll(() => {
  pool = createPool(undefined, 6);
});
afterAll(async () => {
  await pool.end();
});

async function emailOf(id: string): Promise<string> {
  const { rows } = await pool.query<{ email: string }>("select email from public.users where id = $1", [id]);
  return rows[0]!.email;
}

async function roles(project: string): Promise<Record<string, string>> {
  const { rows } = await pool.query<{ user_id: string; role: string }>("select user_id, role from public.project_members where project_id = $1", [project]);
  return Object.fromEntries(rows.map((r) => [r.user_id, r.role]));
}

function rpc(who: string, sql: string, params: unknown[]) {
  return queryAs(pool, user(who), sql, params);
}

describe("plan limit on projects", () => {
  const create = (owner: string, name = "Project") => rpc(owner, "insert into public.projects (name) values ($1) returning id", [name]);

  test("a free user creates 3 active projects, the 4th is refused with plan_limit_reached", async () => {
    const owner = await createUser(pool);
    for (let i = 1; i <= 3; i++) await create(owner, `Project ${i}`);
    const error = await expectPgError(create(owner, "Project 4"), { code: "P0001", message: "plan_limit_reached: the free plan allows 3 active projects" });
    expect(JSON.parse(error.detail ?? "{}")).toEqual({ tier: "free", limit: 3 });
    const { rowCount } = await pool.query("select 1 from public.projects where owner_id = $1", [owner]);
    expect(rowCount).toBe(3);
  });

  test("trashed projects and projects one is only a member of do not count", async () => {
    const owner = await createUser(pool);
    const ids: string[] = [];
    for (let i = 1; i <= 3; i++) ids.push((await create(owner, `P${i}`)).rows[0]!.id as string);
    await rpc(owner, "select public.trash_project($1)", [ids[0]]);
    const other = await createUser(pool);
    await addMember(pool, await createProject(pool, other), owner, "admin");
    await create(owner, "Fits again");
  });

  test("a pro user is allowed more; enterprise is unlimited", async () => {
    const pro = await createUser(pool, { tier: "pro" });
    for (let i = 1; i <= 4; i++) await create(pro, `Pro ${i}`);
    const { rows } = await pool.query("select max_projects from public.plan_limits order by tier");
    expect(rows.map((r) => r.max_projects)).toEqual([3, 50, 500, null]);
  });

  test("concurrent creations cannot both take the last slot, and queue rather than deadlock", async () => {
    // Several owners racing at once: each race must end with exactly one
    // winner and plan_limit_reached for the others (a deadlock fails this).
    await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const owner = await createUser(pool);
        await create(owner, "One");
        await create(owner, "Two");
        const results = await Promise.allSettled([create(owner, "Race A"), create(owner, "Race B"), create(owner, "Race C")]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        for (const r of results) if (r.status === "rejected") expect(String(r.reason)).toContain("plan_limit_reached");
        const { rowCount } = await pool.query("select 1 from public.projects where owner_id = $1", [owner]);
        expect(rowCount).toBe(3);
      }),
    );
  });
});

describe("member RPCs", () => {
  let t: Team;
  beforeAll(async () => {
    t = await createTeam(pool, "Members");
  });

  test("invite by email, as owner (any role but owner) and as admin (member, viewer)", async () => {
    const alice = await createUser(pool);
    const bob = await createUser(pool);
    const { rows } = await rpc(t.owner, "select * from public.invite_project_member($1, $2, 'admin')", [t.project, `  ${(await emailOf(alice)).toUpperCase()} `]);
    expect(rows[0]).toMatchObject({ project_id: t.project, user_id: alice, role: "admin" });
    await rpc(t.admin, "select public.invite_project_member($1, $2, 'viewer')", [t.project, await emailOf(bob)]);
    expect(await roles(t.project)).toMatchObject({ [alice]: "admin", [bob]: "viewer" });
    const listed = await rpc(t.viewer, "select user_id, email, role from public.list_project_members($1)", [t.project]);
    expect(listed.rows.map((r) => r.role)).toEqual(["owner", "admin", "admin", "member", "viewer", "viewer"]);
    expect(listed.rows.find((r) => r.user_id === bob)?.email).toBe(await emailOf(bob));
  });

  test("invite refusals: unknown email, already a member, owner role, admin adding an admin, not allowed", async () => {
    const carol = await createUser(pool);
    const email = await emailOf(carol);
    await expectPgError(rpc(t.owner, "select public.invite_project_member($1, $2, 'member')", [t.project, `nobody-${randomUUID()}@test.local`]), {
      code: "P0001",
      message: "unknown_email: nobody has signed up with this email",
    });
    await expectPgError(rpc(t.owner, "select public.invite_project_member($1, $2, 'member')", [t.project, await emailOf(t.member)]), {
      code: "P0001",
      message: "already_member: this user is already a member of the project",
    });
    await expectPgError(rpc(t.owner, "select public.invite_project_member($1, $2, 'owner')", [t.project, email]), { code: "P0001", message: "invalid_role:" });
    await expectPgError(rpc(t.admin, "select public.invite_project_member($1, $2, 'admin')", [t.project, email]), {
      code: "42501",
      message: "not_allowed: only the owner can add admins",
    });
    await expectPgError(rpc(t.member, "select public.invite_project_member($1, $2, 'viewer')", [t.project, email]), {
      code: "42501",
      message: "not_allowed: only the owner or an admin can invite members",
    });
    await expectPgError(rpc(t.outsider, "select public.invite_project_member($1, $2, 'viewer')", [t.project, email]), {
      code: "P0001",
      message: "project_not_found:",
    });
    await expectPgError(rpc(t.owner, "select public.invite_project_member($1, $2, 'viewer')", [randomUUID(), email]), {
      code: "P0001",
      message: "project_not_found:",
    });
    expect((await roles(t.project))[carol]).toBeUndefined();
  });

  test("change role: owner promotes and demotes; admin only between member and viewer; the owner's role is fixed", async () => {
    const team = await createTeam(pool, "Roles");
    await rpc(team.owner, "select public.change_project_member_role($1, $2, 'admin')", [team.project, team.member]);
    await rpc(team.owner, "select public.change_project_member_role($1, $2, 'member')", [team.project, team.member]);
    const { rows } = await rpc(team.admin, "select * from public.change_project_member_role($1, $2, 'viewer')", [team.project, team.member]);
    expect(rows[0]).toMatchObject({ user_id: team.member, role: "viewer" });
    await expectPgError(rpc(team.admin, "select public.change_project_member_role($1, $2, 'admin')", [team.project, team.viewer]), {
      code: "42501",
      message: "not_allowed: only the owner can add or change admins",
    });
    await expectPgError(rpc(team.admin, "select public.change_project_member_role($1, $2, 'owner')", [team.project, team.owner]), {
      code: "P0001",
      message: "last_owner:",
    });
    await expectPgError(rpc(team.owner, "select public.change_project_member_role($1, $2, 'admin')", [team.project, team.owner]), {
      code: "P0001",
      message: "last_owner: the owner's role cannot be changed",
    });
    await expectPgError(rpc(team.owner, "select public.change_project_member_role($1, $2, 'viewer')", [team.project, team.outsider]), {
      code: "P0001",
      message: "not_a_member:",
    });
    await expectPgError(rpc(team.viewer, "select public.change_project_member_role($1, $2, 'admin')", [team.project, team.viewer]), {
      code: "42501",
      message: "not_allowed:",
    });
    expect(await roles(team.project)).toEqual({ [team.owner]: "owner", [team.admin]: "admin", [team.member]: "viewer", [team.viewer]: "viewer" });
  });

  test("remove a member; admins cannot remove admins; nobody removes the owner", async () => {
    const team = await createTeam(pool, "Removals");
    const secondAdmin = await createUser(pool);
    await addMember(pool, team.project, secondAdmin, "admin");
    await rpc(team.admin, "select public.remove_project_member($1, $2)", [team.project, team.viewer]);
    await expectPgError(rpc(team.admin, "select public.remove_project_member($1, $2)", [team.project, secondAdmin]), { code: "42501", message: "not_allowed:" });
    await expectPgError(rpc(team.admin, "select public.remove_project_member($1, $2)", [team.project, team.owner]), { code: "P0001", message: "last_owner:" });
    await expectPgError(rpc(team.member, "select public.remove_project_member($1, $2)", [team.project, team.admin]), { code: "42501", message: "not_allowed:" });
    await rpc(team.owner, "select public.remove_project_member($1, $2)", [team.project, secondAdmin]);
    expect(await roles(team.project)).toEqual({ [team.owner]: "owner", [team.admin]: "admin", [team.member]: "member" });
    // A removed member no longer sees the project.
    const seen = await rpc(team.viewer, "select 1 from public.projects where id = $1", [team.project]);
    expect(seen.rowCount).toBe(0);
  });

  test("leave: anyone but the owner", async () => {
    const team = await createTeam(pool, "Leaving");
    await rpc(team.viewer, "select public.leave_project($1)", [team.project]);
    await rpc(team.admin, "select public.leave_project($1)", [team.project]);
    await expectPgError(rpc(team.owner, "select public.leave_project($1)", [team.project]), {
      code: "P0001",
      message: "last_owner: the owner cannot leave; transfer ownership to another member first",
    });
    await expectPgError(rpc(team.outsider, "select public.leave_project($1)", [team.project]), { code: "P0001", message: "project_not_found:" });
    expect(await roles(team.project)).toEqual({ [team.owner]: "owner", [team.member]: "member" });
  });

  test("transfer ownership: the new owner must be a member; the old owner becomes admin", async () => {
    const team = await createTeam(pool, "Transfer");
    await expectPgError(rpc(team.owner, "select public.transfer_project_ownership($1, $2)", [team.project, team.outsider]), {
      code: "P0001",
      message: "not_a_member:",
    });
    await rpc(team.owner, "select public.transfer_project_ownership($1, $2)", [team.project, team.member]);
    expect(await roles(team.project)).toMatchObject({ [team.owner]: "admin", [team.member]: "owner" });
    const { rows } = await pool.query("select owner_id from public.projects where id = $1", [team.project]);
    expect(rows).toEqual([{ owner_id: team.member }]);
    await expectPgError(rpc(team.owner, "select public.transfer_project_ownership($1, $2)", [team.project, team.owner]), {
      code: "42501",
      message: "not_allowed: only the owner can transfer ownership",
    });
    // The old owner is an admin now, and may leave.
    await rpc(team.owner, "select public.leave_project($1)", [team.project]);
  });

  test("transfer ownership respects the new owner's plan", async () => {
    const team = await createTeam(pool, "Full recipient");
    for (let i = 0; i < 3; i++) await createProject(pool, team.member, `Member's ${i}`);
    await expectPgError(rpc(team.owner, "select public.transfer_project_ownership($1, $2)", [team.project, team.member]), {
      code: "P0001",
      message: "plan_limit_reached:",
    });
    expect(await roles(team.project)).toMatchObject({ [team.owner]: "owner", [team.member]: "member" });
  });
});

describe("trash", () => {
  test("the owner trashes; members stop seeing it; the owner sees it in the trash and restores it", async () => {
    const team = await createTeam(pool, "Trash me");
    await expectPgError(rpc(team.admin, "select public.trash_project($1)", [team.project]), {
      code: "42501",
      message: "not_allowed: only the owner can delete the project",
    });
    const { rows } = await rpc(team.owner, "select deleted_at is not null as trashed from public.trash_project($1)", [team.project]);
    expect(rows).toEqual([{ trashed: true }]);
    expect((await rpc(team.member, "select 1 from public.projects where id = $1", [team.project])).rowCount).toBe(0);
    const trash = await rpc(team.owner, "select id from public.projects where deleted_at is not null", []);
    expect(trash.rows).toEqual([{ id: team.project }]);
    await expectPgError(rpc(team.admin, "select public.restore_project($1)", [team.project]), { code: "P0001", message: "project_not_found:" });
    await rpc(team.owner, "select public.restore_project($1)", [team.project]);
    expect((await rpc(team.member, "select 1 from public.projects where id = $1", [team.project])).rowCount).toBe(1);
    await expectPgError(rpc(team.owner, "select public.restore_project($1)", [team.project]), {
      code: "P0001",
      message: "project_not_found: this project is not in your trash",
    });
  });

  test("restoring counts against the plan again", async () => {
    const owner = await createUser(pool);
    const trashed = await createProject(pool, owner, "Old");
    await rpc(owner, "select public.trash_project($1)", [trashed]);
    for (let i = 0; i < 3; i++) await createProject(pool, owner, `New ${i}`);
    await expectPgError(rpc(owner, "select public.restore_project($1)", [trashed]), { code: "P0001", message: "plan_limit_reached:" });
    const { rows } = await pool.query("select deleted_at is not null as trashed from public.projects where id = $1", [trashed]);
    expect(rows).toEqual([{ trashed: true }]);
  });

  test("the owner deletes for good from the trash only", async () => {
    const team = await createTeam(pool, "Gone");
    expect((await rpc(team.owner, "delete from public.projects where id = $1", [team.project])).rowCount).toBe(0);
    await rpc(team.owner, "select public.trash_project($1)", [team.project]);
    expect((await rpc(team.admin, "delete from public.projects where id = $1", [team.project])).rowCount).toBe(0);
    expect((await rpc(team.owner, "delete from public.projects where id = $1", [team.project])).rowCount).toBe(1);
    expect((await pool.query("select 1 from public.project_members where project_id = $1", [team.project])).rowCount).toBe(0);
  });

  test("purge: the service role removes projects trashed over 30 days ago and returns their ids", async () => {
    const owner = await createUser(pool);
    const old = await createProject(pool, owner, "Old trash");
    const recent = await createProject(pool, owner, "Recent trash");
    const active = await createProject(pool, owner, "Active");
    await expectPgError(rpc(owner, "select public.purge_deleted_projects()", []), { code: "42501", message: "permission denied" });
    // Other test files purge old trash too. Trashing and purging in one transaction keeps `old` for this
    // purge: until the commit, everyone else still sees it untrashed.
    const purged = await asRole(pool, serviceRole, async (client) => {
      await client.query("update public.projects set deleted_at = now() - interval '31 days' where id = $1", [old]);
      await client.query("update public.projects set deleted_at = now() - interval '29 days' where id = $1", [recent]);
      return (await client.query<{ id: string }>("select id from public.purge_deleted_projects() id")).rows.map((r) => r.id);
    });
    expect(purged).toContain(old);
    expect(purged).not.toContain(recent);
    const left = await pool.query("select id from public.projects where owner_id = $1 order by name", [owner]);
    expect(left.rows.map((r) => r.id)).toEqual([active, recent]);
  });
});
