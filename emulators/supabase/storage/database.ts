// One transaction per Storage operation, scoped as Storage scopes its
// connections: `role` and `request.jwt.claims` (plus the older per-claim
// settings) set locally, so auth.uid() and the app's policies on
// storage.objects and storage.buckets decide exactly as on hosted Supabase.
// Storage also does some lookups as its own superuser (bucket existence,
// counting objects before a bucket delete); `asAdmin` does those.
import type pg from "pg";
import type { EmulatorContext } from "../context.ts";
import type { Caller } from "./caller.ts";

export interface StorageTx {
  /** A statement run as the caller's role: RLS applies. */
  asCaller<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** A statement run as the pool's superuser, bypassing RLS, as Storage's admin lookups do. */
  asAdmin<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface RequestInfo {
  method: string;
  path: string;
}

export async function inTransaction<T>(
  ctx: EmulatorContext,
  caller: Caller,
  request: RequestInfo,
  work: (tx: StorageTx) => Promise<T>,
  /** `rollback` tests a write's permission without keeping it (Storage's testPermission). */
  finish: "commit" | "rollback" = "commit",
): Promise<T> {
  const client = await ctx.pool.connect();
  let current: "admin" | "caller" = "admin";
  const switchTo = async (target: "admin" | "caller") => {
    if (current === target) return;
    // The role is one of three fixed names (see caller.ts), never request text.
    await client.query(target === "caller" ? `set local role ${caller.role}` : "set local role none");
    current = target;
  };
  try {
    await client.query("begin");
    await client.query(
      `select set_config('request.jwt.claims', $1, true),
              set_config('request.jwt.claim.role', $2, true),
              set_config('request.jwt.claim.sub', $3, true),
              set_config('request.jwt', $4, true),
              set_config('request.method', $5, true),
              set_config('request.path', $6, true)`,
      [JSON.stringify(caller.claims), caller.role, caller.owner ?? "", caller.jwt, request.method, request.path],
    );
    const tx: StorageTx = {
      async asCaller(sql, values) {
        await switchTo("caller");
        return client.query(sql, values);
      },
      async asAdmin(sql, values) {
        await switchTo("admin");
        return client.query(sql, values);
      },
    };
    const result = await work(tx);
    await client.query(finish);
    client.release();
    return result;
  } catch (error) {
    // A connection that cannot even roll back is dropped from the pool.
    const broken = await client.query("rollback").then(
      () => undefined,
      (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))),
    );
    client.release(broken);
    throw error;
  }
}
