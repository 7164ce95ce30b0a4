import { inject, test, expect } from "vitest";
import pg from "pg";

test("placeholder: stack answers", async () => {
  const { dbUrl } = inject("stack");
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { rows } = await client.query("select current_setting('server_version_num')::int / 10000 as major");
  expect(rows[0].major).toBe(17);
  await client.end();
});
