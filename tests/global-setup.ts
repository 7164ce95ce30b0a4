// Starts one local stack for the integration project: embedded Postgres in a
// throwaway folder under .local/, platform schema, every migration, and the
// Supabase emulator, all on free ports. Tests read the addresses with
// `inject(...)` (see tests/stack.ts) and never touch the developer's database.
import { rm } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { LOCAL_ANON_JWT, LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY, LOCAL_SERVICE_ROLE_JWT } from "../emulators/supabase/keys.ts";
import { ensurePlatformSchema, migrateUp, withClient } from "../emulators/supabase/database.ts";
import { freePort } from "../emulators/supabase/postgres.ts";
import { startLocalStack } from "../emulators/supabase/stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: {
      dbUrl: string;
      apiUrl: string;
      mailboxUrl: string;
      publishableKey: string;
      secretKey: string;
      anonKey: string;
      serviceRoleKey: string;
      /**
       * A second database in the same cluster holding exactly the platform
       * schema and the migrations: for tests that inspect the whole schema
       * (lints, the RLS matrix's coverage, types drift) and must not see the
       * fixture tables other test files add to the stack's database.
       */
      schemaDbUrl: string;
    };
  }
}

export default async function setup(project: TestProject) {
  const localDir = path.resolve(".local/test", `run-${process.pid}`);
  const stack = await startLocalStack({
    localDir,
    ports: { db: await freePort(), api: await freePort(), mailbox: await freePort() },
    ephemeral: true,
    logLevel: process.env.EMULATOR_LOG === "info" ? "info" : "silent",
  });
  const schemaDbUrl = new URL(stack.dbUrl);
  schemaDbUrl.pathname = "/migrated_schema";
  await withClient(stack.dbUrl, (client) => client.query("create database migrated_schema"));
  await ensurePlatformSchema(schemaDbUrl.toString());
  await migrateUp(schemaDbUrl.toString());
  project.provide("stack", {
    schemaDbUrl: schemaDbUrl.toString(),
    dbUrl: stack.dbUrl,
    apiUrl: stack.apiUrl,
    mailboxUrl: stack.mailboxUrl,
    publishableKey: LOCAL_PUBLISHABLE_KEY,
    secretKey: LOCAL_SECRET_KEY,
    anonKey: LOCAL_ANON_JWT,
    serviceRoleKey: LOCAL_SERVICE_ROLE_JWT,
  });
  return async () => {
    await stack.stop();
    await rm(localDir, { recursive: true, force: true });
  };
}
