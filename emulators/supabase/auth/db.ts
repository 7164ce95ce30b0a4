// One transaction per writing request, on a superuser connection (GoTrue is
// privileged), so triggers on auth.users run and a failure writes nothing.
import type pg from "pg";
import { CommitThenFail } from "./errors.ts";

export type Db = pg.PoolClient | pg.Pool;

export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    try {
      const result = await work(client);
      await client.query("commit");
      return result;
    } catch (error) {
      if (error instanceof CommitThenFail) {
        await client.query("commit");
        throw error.error;
      }
      await client.query("rollback");
      throw error;
    }
  } finally {
    client.release();
  }
}

/** The Postgres error code of a failed query, if it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}
