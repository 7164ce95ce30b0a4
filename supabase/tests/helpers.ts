// Shared by the database tests: connections to the test stack's Postgres,
// running SQL as an API role exactly as the Data API does (`set local role`
// plus `request.jwt.claims`), and fixtures with random ids so test files can
// run in parallel against one database without seeing each other's rows.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { expect, inject } from "vitest";

export type Claims =
  | { role: "anon" }
  | { role: "service_role" }
  | { role: "authenticated"; sub: string };

export const anon: Claims = { role: "anon" };
export const serviceRole: Claims = { role: "service_role" };
export function user(sub: string): Claims {
  return { role: "authenticated", sub };
}

/** Superuser URL of the test stack's database. */
export function stackDbUrl(): string {
  return inject("stack").dbUrl;
}

/**
 * Superuser URL of a database with only the platform schema and migrations
 * (no other test's fixtures): for tests about the schema as a whole.
 */
export function schemaDbUrl(): string {
  return inject("stack").schemaDbUrl;
}

export function createPool(url = stackDbUrl(), max = 4): pg.Pool {
  return new pg.Pool({ connectionString: url, max });
}

/** Same shape as the JWT claims the Data API puts in request.jwt.claims. */
function claimsJson(claims: Claims): string {
  return JSON.stringify(
    claims.role === "authenticated"
      ? { sub: claims.sub, role: "authenticated", aud: "authenticated" }
      : { role: claims.role },
  );
}

/** Switches the open transaction to an API role with its JWT claims. */
export async function becomeRole(client: pg.ClientBase, claims: Claims): Promise<void> {
  await client.query(`set local role ${claims.role}`);
  await client.query("select set_config('request.jwt.claims', $1, true)", [claimsJson(claims)]);
}

/**
 * Runs fn in a transaction as the given role and rolls it back, so nothing it
 * does is visible to anyone else. `prepare` runs first, as the superuser, in
 * the same transaction.
 */
export async function inRolledBackTransaction<T>(
  pool: pg.Pool,
  claims: Claims,
  fn: (client: pg.PoolClient) => Promise<T>,
  prepare?: (client: pg.PoolClient) => Promise<void>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    if (prepare) await prepare(client);
    await becomeRole(client, claims);
    return await fn(client);
  } finally {
    await client.query("rollback").catch(() => undefined);
    client.release();
  }
}

/** Runs fn in a transaction as the given role and commits it (as an API request would). */
export async function asRole<T>(pool: pg.Pool, claims: Claims, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await becomeRole(client, claims);
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** One statement as the role, committed: like a single Data API call. */
export async function queryAs<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  claims: Claims,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  return asRole(pool, claims, (client) => client.query<R>(sql, params));
}

export interface PgErrorShape {
  code?: string;
  message?: string | RegExp;
  constraint?: string;
}

/** Awaits a promise that must fail with a Postgres error of this shape. */
export async function expectPgError(promise: Promise<unknown>, expected: PgErrorShape): Promise<pg.DatabaseError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a database error").toBeInstanceOf(pg.DatabaseError);
  const error = caught as pg.DatabaseError;
  if (expected.code) expect(error.code, error.message).toBe(expected.code);
  if (expected.constraint) expect(error.constraint, error.message).toBe(expected.constraint);
  if (typeof expected.message === "string") expect(error.message).toContain(expected.message);
  if (expected.message instanceof RegExp) expect(error.message).toMatch(expected.message);
  return error;
}

// Fixtures ------------------------------------------------------------------

export interface NewUser {
  id?: string;
  email?: string;
  name?: string;
  meta?: Record<string, unknown>;
  tier?: "free" | "pro" | "studio" | "enterprise";
}

/** A signed-up user: an auth.users row (its profile comes from the trigger). */
export async function createUser(db: pg.Pool | pg.ClientBase, options: NewUser = {}): Promise<string> {
  const id = options.id ?? randomUUID();
  const email = options.email ?? `user-${id}@test.local`;
  const meta = options.meta ?? (options.name ? { name: options.name } : {});
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                             raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '', now(),
             '{"provider": "email", "providers": ["email"]}', $3, now(), now())`,
    [id, email, JSON.stringify(meta)],
  );
  if (options.tier && options.tier !== "free") {
    await db.query("update public.users set subscription_tier = $2 where id = $1", [id, options.tier]);
  }
  return id;
}

export async function createProject(db: pg.Pool | pg.ClientBase, ownerId: string, name = "Fixture project"): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "insert into public.projects (name, owner_id) values ($1, $2) returning id",
    [name, ownerId],
  );
  return rows[0]!.id;
}

export async function addMember(
  db: pg.Pool | pg.ClientBase,
  projectId: string,
  userId: string,
  role: "admin" | "member" | "viewer",
): Promise<void> {
  await db.query("insert into public.project_members (project_id, user_id, role) values ($1, $2, $3)", [
    projectId,
    userId,
    role,
  ]);
}

export interface Team {
  owner: string;
  admin: string;
  member: string;
  viewer: string;
  outsider: string;
  project: string;
}

/** A project with one user in each role, and a signed-up user who is not in it. */
export async function createTeam(db: pg.Pool | pg.ClientBase, name = "Team project"): Promise<Team> {
  const [owner, admin, member, viewer, outsider] = await Promise.all(
    ["owner", "admin", "member", "viewer", "outsider"].map((label) => createUser(db, { name: label })),
  );
  const project = await createProject(db, owner!, name);
  await addMember(db, project, admin!, "admin");
  await addMember(db, project, member!, "member");
  await addMember(db, project, viewer!, "viewer");
  return { owner: owner!, admin: admin!, member: member!, viewer: viewer!, outsider: outsider!, project };
}

export async function createJob(db: pg.Pool | pg.ClientBase, projectId: string, userId: string | null, jobType = "test.job"): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    "insert into public.jobs (project_id, user_id, job_type) values ($1, $2, $3) returning id",
    [projectId, userId, jobType],
  );
  return rows[0]!.id;
}
