// Reads supabase/config.toml, the same file `supabase start` reads elsewhere,
// and keeps the settings the emulator honours. `env(NAME)` values are resolved
// from the environment as the Supabase CLI does.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { z } from "zod";

const durationSeconds = z.union([z.number(), z.string()]).transform((value, ctx) => {
  if (typeof value === "number") return value;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!match) {
    ctx.addIssue({ code: "custom", message: `expected a duration like "1s" or "5m", got "${value}"` });
    return z.NEVER;
  }
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2] as "ms" | "s" | "m" | "h"];
  return Number(match[1]) * factor;
});

const mfaFactor = z.object({ enroll_enabled: z.boolean().default(false), verify_enabled: z.boolean().default(false) }).prefault({});

const configSchema = z.object({
  project_id: z.string().default("local"),
  api: z
    .object({
      port: z.number().int().default(54321),
      schemas: z.array(z.string()).default(["public", "graphql_public"]),
      extra_search_path: z.array(z.string()).default(["public", "extensions"]),
      max_rows: z.number().int().positive().default(1000),
    })
    .prefault({}),
  db: z.object({ port: z.number().int().default(54322), major_version: z.number().int().default(17) }).prefault({}),
  db_seed: z.object({ sql_paths: z.array(z.string()).default(["./seed.sql"]) }).prefault({}),
  local_smtp: z.object({ port: z.number().int().default(54324) }).prefault({}),
  storage: z.object({ file_size_limit: z.string().default("50MiB") }).prefault({}),
  auth: z
    .object({
      site_url: z.string().default("http://127.0.0.1:3000"),
      additional_redirect_urls: z.array(z.string()).default([]),
      jwt_expiry: z.number().int().positive().default(3600),
      signing_keys_path: z.string().optional(),
      enable_refresh_token_rotation: z.boolean().default(true),
      refresh_token_reuse_interval: z.number().int().nonnegative().default(10),
      enable_signup: z.boolean().default(true),
      enable_anonymous_sign_ins: z.boolean().default(false),
      enable_manual_linking: z.boolean().default(false),
      // [auth.mfa.<totp|phone|web_authn>]: the CLI's template turns every factor type off.
      mfa: z.object({ totp: mfaFactor, phone: mfaFactor, web_authn: mfaFactor }).prefault({}),
      // [auth.external.<provider>]: only whether each OAuth provider is on.
      external: z.record(z.string(), z.object({ enabled: z.boolean().default(false) })).default({}),
      minimum_password_length: z.number().int().positive().default(6),
      password_requirements: z.string().default(""),
      rate_limit: z
        .object({
          email_sent: z.number().int().default(2),
          token_refresh: z.number().int().default(150),
          sign_in_sign_ups: z.number().int().default(30),
          token_verifications: z.number().int().default(30),
        })
        .prefault({}),
      // GoTrue's issuer claim; defaults to `${apiUrl}/auth/v1` as the Supabase CLI sets it.
      jwt_issuer: z.string().optional(),
      email: z
        .object({
          // [auth.email] enabled: the email provider itself (sign-in and sign-up with email).
          enabled: z.boolean().default(true),
          enable_signup: z.boolean().default(true),
          double_confirm_changes: z.boolean().default(true),
          enable_confirmations: z.boolean().default(false),
          secure_password_change: z.boolean().default(false),
          max_frequency: durationSeconds.default(1),
          otp_length: z.number().int().default(6),
          otp_expiry: z.number().int().default(3600),
          // Only with a custom SMTP server does the CLI apply rate_limit.email_sent; the local
          // mail catcher is otherwise unlimited. The emulator follows the same rule.
          smtp: z.object({ enabled: z.boolean().default(false) }).optional(),
          // [auth.email.template.<confirmation|recovery|magic_link|email_change|invite|reauthentication>]
          template: z
            .record(z.string(), z.object({ subject: z.string().optional(), content_path: z.string().optional() }))
            .default({}),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type SupabaseConfig = z.infer<typeof configSchema> & {
  /** Folder that holds config.toml; relative paths in it resolve from here. */
  dir: string;
};

/** Partial overrides, e.g. a test that needs `jwt_expiry = 2`. */
export type ConfigOverrides = {
  [K in keyof z.input<typeof configSchema>]?: Partial<z.input<typeof configSchema>[K]>;
};

function resolveEnvReferences(value: unknown): unknown {
  if (typeof value === "string") {
    const match = /^env\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(value);
    return match ? (process.env[match[1]!] ?? "") : value;
  }
  if (Array.isArray(value)) return value.map(resolveEnvReferences);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveEnvReferences(v)]));
  }
  return value;
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object"
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

export function loadSupabaseConfig(configPath = "supabase/config.toml", overrides: ConfigOverrides = {}): SupabaseConfig {
  const file = path.resolve(configPath);
  const raw = resolveEnvReferences(parse(readFileSync(file, "utf8"))) as Record<string, unknown>;
  // [db.seed] nests under [db]; flatten it so the schema stays shallow.
  const db = (raw.db ?? {}) as Record<string, unknown>;
  const merged = deepMerge({ ...raw, db_seed: db.seed ?? {} }, overrides as Record<string, unknown>);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`${file} is not valid: ${problems}`);
  }
  return { ...parsed.data, dir: path.dirname(file) };
}
