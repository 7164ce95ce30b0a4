// The auth tables this API writes, checked once: a database created before a
// table was added to platform.sql (e.g. auth.mfa_amr_claims on a warm .local)
// gets platform.sql applied again, which is idempotent.
import { readFileSync } from "node:fs";
import type pg from "pg";
import { PLATFORM_SQL } from "../database.ts";

const REQUIRED_TABLES = [
  "auth.users",
  "auth.identities",
  "auth.sessions",
  "auth.refresh_tokens",
  "auth.flow_state",
  "auth.one_time_tokens",
  "auth.mfa_amr_claims",
];

export function schemaGuard(pool: pg.Pool): () => Promise<void> {
  let ready: Promise<void> | null = null;
  return () =>
    (ready ??= (async () => {
      const { rows } = await pool.query<{ missing: string[] }>(
        "select array_agg(t) filter (where to_regclass(t) is null) as missing from unnest($1::text[]) as t",
        [REQUIRED_TABLES],
      );
      if (rows[0]?.missing?.length) {
        const client = await pool.connect();
        try {
          await client.query("select pg_advisory_lock(hashtext('platform.sql'))");
          await client.query(readFileSync(PLATFORM_SQL, "utf8"));
        } finally {
          await client.query("select pg_advisory_unlock(hashtext('platform.sql'))").catch(() => {});
          client.release();
        }
      }
    })().catch((error: unknown) => {
      ready = null;
      throw error;
    }));
}
