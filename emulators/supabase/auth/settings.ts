// config.toml's [auth] section as GoTrue sees it once the Supabase CLI has
// turned it into GOTRUE_* variables (supabase/cli internal/start/start.go).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { SupabaseConfig } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { compileRedirectPattern } from "./redirects.ts";

export interface AuthSettings {
  siteUrl: string;
  /** additional_redirect_urls compiled as GoTrue's globs. */
  redirectAllowList: RegExp[];
  /** Public URL of this API: `${apiUrl}/auth/v1`, used in email links. */
  externalUrl: string;
  issuer: string;
  jwtExpiry: number;
  /** GOTRUE_DISABLE_SIGNUP */
  signupDisabled: boolean;
  /** GOTRUE_EXTERNAL_EMAIL_ENABLED */
  emailEnabled: boolean;
  /** GOTRUE_MAILER_AUTOCONFIRM: true when email confirmations are off. */
  autoconfirm: boolean;
  /** GOTRUE_MAILER_SECURE_EMAIL_CHANGE_ENABLED: confirm an email change on both addresses. */
  secureEmailChange: boolean;
  /** GOTRUE_SECURITY_UPDATE_PASSWORD_REQUIRE_REAUTHENTICATION */
  passwordChangeNeedsReauthentication: boolean;
  minPasswordLength: number;
  /** Character sets a password must each draw from (GOTRUE_PASSWORD_REQUIRED_CHARACTERS). */
  requiredCharacters: string[];
  otpLength: number;
  otpExpirySeconds: number;
  /** GOTRUE_SMTP_MAX_FREQUENCY, seconds between two emails of one kind to one user. */
  maxFrequencySeconds: number;
  refreshTokenRotation: boolean;
  refreshTokenReuseIntervalSeconds: number;
  anonymousSignInsEnabled: boolean;
  /** GOTRUE_SECURITY_MANUAL_LINKING_ENABLED: /user/identities answers at all. */
  manualLinkingEnabled: boolean;
  /** [auth.external.*] providers that are on; the emulator cannot reach any of them. */
  enabledOAuthProviders: string[];
  /** Custom email templates from config.toml, by GoTrue template name (confirmation, recovery, ...). */
  emailTemplates: Record<string, { subject?: string; html?: string }>;
  rateLimits: {
    /** Emails per hour for the whole instance, or null when unlimited (no custom SMTP). */
    emailSentPerHour: number | null;
    /** GOTRUE_RATE_LIMIT_OTP: signup, recover, resend, otp, user update; per 5 minutes per client. */
    otpPer5Min: number;
    /** GOTRUE_RATE_LIMIT_TOKEN_REFRESH: every /token grant; per 5 minutes per client. */
    tokenPer5Min: number;
    /** GOTRUE_RATE_LIMIT_VERIFY: /verify; per 5 minutes per client. */
    verifyPer5Min: number;
  };
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SYMBOLS = "!@#$%^&*()_+-=[]{};'\\:\"|<>?,./`~";

// password_requirements → GOTRUE_PASSWORD_REQUIRED_CHARACTERS, as the CLI maps them.
const REQUIRED_CHARACTERS: Record<string, string[]> = {
  "": [],
  letters_digits: [LOWER + UPPER, DIGITS],
  lower_upper_letters_digits: [LOWER, UPPER, DIGITS],
  lower_upper_letters_digits_symbols: [LOWER, UPPER, DIGITS, SYMBOLS],
};

export function authSettings(ctx: EmulatorContext): AuthSettings {
  const auth = ctx.config.auth;
  const requiredCharacters = REQUIRED_CHARACTERS[auth.password_requirements];
  if (!requiredCharacters) {
    throw new Error(
      `auth.password_requirements must be one of ${Object.keys(REQUIRED_CHARACTERS).map((k) => `"${k}"`).join(", ")}; got "${auth.password_requirements}"`,
    );
  }
  assertMfaOff(auth.mfa);
  const externalUrl = `${ctx.apiUrl}/auth/v1`;
  return {
    siteUrl: auth.site_url,
    redirectAllowList: auth.additional_redirect_urls.map(compileRedirectPattern),
    externalUrl,
    issuer: auth.jwt_issuer ?? externalUrl,
    jwtExpiry: auth.jwt_expiry,
    signupDisabled: !auth.enable_signup,
    emailEnabled: auth.email.enabled && auth.email.enable_signup,
    autoconfirm: !auth.email.enable_confirmations,
    secureEmailChange: auth.email.double_confirm_changes,
    passwordChangeNeedsReauthentication: auth.email.secure_password_change,
    minPasswordLength: auth.minimum_password_length,
    requiredCharacters,
    otpLength: auth.email.otp_length,
    otpExpirySeconds: auth.email.otp_expiry,
    maxFrequencySeconds: auth.email.max_frequency,
    refreshTokenRotation: auth.enable_refresh_token_rotation,
    refreshTokenReuseIntervalSeconds: auth.refresh_token_reuse_interval,
    anonymousSignInsEnabled: auth.enable_anonymous_sign_ins,
    manualLinkingEnabled: auth.enable_manual_linking,
    enabledOAuthProviders: Object.keys(auth.external).filter((name) => auth.external[name]?.enabled),
    emailTemplates: loadEmailTemplates(ctx.config.dir, auth.email.template),
    rateLimits: {
      emailSentPerHour: auth.email.smtp?.enabled ? auth.rate_limit.email_sent : null,
      otpPer5Min: auth.rate_limit.sign_in_sign_ups,
      tokenPer5Min: auth.rate_limit.token_refresh,
      verifyPer5Min: auth.rate_limit.token_verifications,
    },
  };
}

/**
 * MFA needs factor tables and TOTP/WebAuthn machinery the emulator does not
 * have, so a config that turns a factor type on is refused at start rather than
 * answered with "disabled" errors that contradict it.
 */
function assertMfaOff(mfa: SupabaseConfig["auth"]["mfa"]): void {
  for (const type of ["totp", "phone", "web_authn"] as const) {
    if (mfa[type].enroll_enabled || mfa[type].verify_enabled) {
      throw new Error(`auth.mfa.${type}: the local emulator does not implement MFA; set enroll_enabled and verify_enabled to false`);
    }
  }
}

const TEMPLATE_NAMES = ["confirmation", "recovery", "magic_link", "email_change", "invite", "reauthentication"];

/**
 * Reads [auth.email.template.*]: content_path is relative to the project root
 * (the folder holding supabase/), as in the CLI's example "./supabase/templates/invite.html".
 */
function loadEmailTemplates(
  supabaseDir: string,
  templates: Record<string, { subject?: string; content_path?: string }>,
): Record<string, { subject?: string; html?: string }> {
  const out: Record<string, { subject?: string; html?: string }> = {};
  for (const [name, template] of Object.entries(templates)) {
    if (!TEMPLATE_NAMES.includes(name)) {
      throw new Error(`auth.email.template.${name} is not a GoTrue template; use one of ${TEMPLATE_NAMES.join(", ")}`);
    }
    let html: string | undefined;
    if (template.content_path) {
      const file = path.resolve(path.dirname(supabaseDir), template.content_path);
      if (!existsSync(file)) throw new Error(`auth.email.template.${name}.content_path: ${file} does not exist`);
      html = readFileSync(file, "utf8");
    }
    out[name] = { subject: template.subject, html };
  }
  return out;
}
