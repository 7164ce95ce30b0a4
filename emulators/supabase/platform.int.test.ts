// auth.uid()/auth.role()/auth.jwt() read the claims the Data API sets per
// transaction, exactly as on hosted Supabase, so RLS policies decide.
import pg from "pg";
import { afterAll, beforeAll, expect, inject, test } from "vitest";

const alice = "00000000-0000-4000-8000-00000000a11c";
const bob = "00000000-0000-4000-8000-000000000b0b";
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject("stack").dbUrl });
  await client.connect();
});
afterAll(() => client.end());

/** Runs `fn` in a transaction as `role` with `claims`, then rolls everything back. */
async function asRole<T>(role: string, claims: object | null, fn: () => Promise<T>, setup = ""): Promise<T> {
  await client.query("begin");
  try {
    if (setup) await client.query(setup);
    if (claims) await client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
    await client.query(`set local role ${role}`);
    return await fn();
  } finally {
    await client.query("rollback");
  }
}

test("auth.uid() returns the sub of the claims set in the transaction, and null without", async () => {
  const withClaims = await asRole("authenticated", { sub: alice, role: "authenticated", email: "a@example.com" }, async () =>
    (await client.query("select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'email' as email")).rows[0],
  );
  expect(withClaims).toEqual({ uid: alice, role: "authenticated", email: "a@example.com" });

  const without = await asRole("anon", null, async () => (await client.query("select auth.uid() as uid, auth.jwt() as jwt")).rows[0]);
  expect(without).toEqual({ uid: null, jwt: null });
});

test("a table with an RLS policy on auth.uid() isolates two users", async () => {
  const setup = `
    create table public.platform_notes (id serial primary key, owner uuid not null, body text not null);
    alter table public.platform_notes enable row level security;
    create policy "owners read their notes" on public.platform_notes for select to authenticated using (owner = (select auth.uid()));
    create policy "owners write their notes" on public.platform_notes for insert to authenticated with check (owner = (select auth.uid()));
    insert into public.platform_notes (owner, body) values ('${alice}', 'alice note'), ('${bob}', 'bob note');`;
  const seenByAlice = await asRole("authenticated", { sub: alice, role: "authenticated" }, async () =>
    (await client.query("select body from public.platform_notes order by id")).rows, setup);
  expect(seenByAlice).toEqual([{ body: "alice note" }]);

  const bobWritesAsAlice = asRole("authenticated", { sub: bob, role: "authenticated" }, () =>
    client.query(`insert into public.platform_notes (owner, body) values ('${alice}', 'forged')`), setup);
  await expect(bobWritesAsAlice).rejects.toThrow(/row-level security/);

  const seenByAnon = await asRole("anon", null, async () => (await client.query("select * from public.platform_notes")).rows, setup);
  expect(seenByAnon).toEqual([]);
});
