// The environment, parsed once with zod and split by who may see it. Public
// values are inlined into the browser bundle by Next (so each is read by its
// literal name); server values live in lib/env.server.ts behind "server-only".
import { z } from "zod";

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http(s) URL, e.g. ${example}` }).transform((u) => u.replace(/\/+$/, ""));

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const publicEnvSchema = z
  .object({
    NEXT_PUBLIC_SITE_URL: httpUrl("http://localhost:3000"),
    NEXT_PUBLIC_SUPABASE_URL: httpUrl("https://<project-ref>.supabase.co"),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optional(z.string().min(20, "must be a publishable key (sb_publishable_…)")),
    NEXT_PUBLIC_SUPABASE_ANON_KEY: optional(z.string().min(20, "must be the legacy anon JWT (eyJ…)")),
    NEXT_PUBLIC_LOCAL_MAILBOX_URL: optional(httpUrl("http://127.0.0.1:54324")),
  })
  // `when` runs the check even when other variables are bad, so one message names them all.
  .refine((env) => Boolean(env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY || env.NEXT_PUBLIC_SUPABASE_ANON_KEY), {
    path: ["NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY"],
    message: "is required (or the legacy NEXT_PUBLIC_SUPABASE_ANON_KEY): the project's publishable key, sb_publishable_…",
    when: () => true,
  })
  .transform((env) => ({
    siteUrl: env.NEXT_PUBLIC_SITE_URL,
    supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL,
    supabasePublishableKey: (env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? env.NEXT_PUBLIC_SUPABASE_ANON_KEY)!,
    localMailboxUrl: env.NEXT_PUBLIC_LOCAL_MAILBOX_URL,
  }));

export const serverEnvSchema = z
  .object({
    SUPABASE_SECRET_KEY: optional(z.string().min(20, "must be a secret key (sb_secret_…)")),
    SUPABASE_SERVICE_ROLE_KEY: optional(z.string().min(20, "must be the legacy service_role JWT (eyJ…)")),
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key, e.g. sk_test_…"),
    STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "must be a webhook signing secret, e.g. whsec_…"),
    STRIPE_API_URL: optional(httpUrl("http://127.0.0.1:12111 (local emulator only)")),
  })
  .refine((env) => Boolean(env.SUPABASE_SECRET_KEY || env.SUPABASE_SERVICE_ROLE_KEY), {
    path: ["SUPABASE_SECRET_KEY"],
    message: "is required (or the legacy SUPABASE_SERVICE_ROLE_KEY): the project's secret key, sb_secret_…",
    when: () => true,
  })
  .transform((env) => ({
    supabaseSecretKey: (env.SUPABASE_SECRET_KEY ?? env.SUPABASE_SERVICE_ROLE_KEY)!,
    stripeSecretKey: env.STRIPE_SECRET_KEY,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET,
    stripeApiUrl: env.STRIPE_API_URL,
  }));

export type PublicEnv = z.output<typeof publicEnvSchema>;
export type ServerEnv = z.output<typeof serverEnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses or throws one message that names every bad variable and what it should be. */
export function parseEnv<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>, label: string): z.output<T> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const message = issue.code === "invalid_type" && source[name] === undefined ? "is missing" : issue.message;
    return `  - ${name} ${message}`;
  });
  throw new EnvError(`Invalid ${label} environment variables:\n${lines.join("\n")}\nSee .env.example for what each one is.`);
}

let cachedPublicEnv: PublicEnv | undefined;

/** The public environment; each variable read by its literal name so Next inlines it. */
export function publicEnv(): PublicEnv {
  cachedPublicEnv ??= parseEnv(
    publicEnvSchema,
    {
      NEXT_PUBLIC_SITE_URL: process.env.NEXT_PUBLIC_SITE_URL,
      NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
      NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
      NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
      NEXT_PUBLIC_LOCAL_MAILBOX_URL: process.env.NEXT_PUBLIC_LOCAL_MAILBOX_URL,
    },
    "public",
  );
  return cachedPublicEnv;
}
