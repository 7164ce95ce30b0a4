// lib/supabase/database.types.ts is generated (`npm run db:types`), never
// edited by hand: this fails as soon as a migration changes the public schema
// and the committed file was not regenerated.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { generateTypes } from "../../emulators/supabase/database.ts";
import { schemaDbUrl } from "./helpers.ts";

const TYPES_FILE = path.resolve(import.meta.dirname, "../../lib/supabase/database.types.ts");

/** Only trailing whitespace may differ (editors and the CLI disagree about final newlines). */
function normalise(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trimEnd();
}

test("the committed database types match a fresh generation from the migrated schema", async () => {
  const generated = await generateTypes(schemaDbUrl());
  expect(generated).toContain("export type Database");
  const committed = readFileSync(TYPES_FILE, "utf8");
  expect(normalise(committed), "lib/supabase/database.types.ts is stale: run `npm run db:types` and commit it").toBe(normalise(generated));
}, 60_000);
