// The secret keys must never reach the browser. The e2e server has just built
// the app (with the secret key and Stripe secrets in its environment), so
// scan everything the build serves to browsers for them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { LOCAL_SECRET_KEY, LOCAL_SERVICE_ROLE_JWT } from "../emulators/supabase/keys.ts";
import { e2eEnv } from "../scripts/lib/e2e-env.ts";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

test("no secret key is in the browser bundle (.next/static)", () => {
  const env = e2eEnv();
  const secrets = {
    "Supabase secret key": LOCAL_SECRET_KEY,
    "Supabase service-role JWT": LOCAL_SERVICE_ROLE_JWT,
    "Stripe secret key": env.STRIPE_SECRET_KEY,
    "Stripe webhook secret": env.STRIPE_WEBHOOK_SECRET,
  };
  const files = filesUnder(path.resolve(".next/static"));
  const scripts = files.filter((file) => file.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(10);

  const found: string[] = [];
  let publishableKeySeen = false;
  for (const file of files) {
    const text = readFileSync(file, "latin1");
    publishableKeySeen ||= text.includes(env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY);
    for (const [label, secret] of Object.entries(secrets)) {
      if (text.includes(secret)) found.push(`${label} in ${path.relative(process.cwd(), file)}`);
    }
  }
  // The public key is inlined where the browser client needs it: proof the scan reads real bundles.
  expect(publishableKeySeen).toBe(true);
  expect(found).toEqual([]);
});
