// GET /settings, /health and /.well-known/jwks.json (GoTrue settings.go, api.go, jwks.go).
import type { Hono } from "hono";
import type { AuthDeps } from "../deps.ts";

const EXTERNAL_PROVIDERS = [
  "anonymous_users", "apple", "azure", "bitbucket", "discord", "facebook", "snapchat", "figma", "fly", "github", "gitlab",
  "google", "keycloak", "kakao", "linkedin", "linkedin_oidc", "notion", "spotify", "slack", "slack_oidc", "workos",
  "twitch", "twitter", "email", "phone", "zoom",
] as const;

export function metaRoutes(app: Hono, deps: AuthDeps): void {
  const { settings } = deps;

  app.get("/health", (c) =>
    c.json({ version: "emulator", name: "GoTrue", description: "GoTrue is a user registration and authentication API" }),
  );

  app.get("/.well-known/jwks.json", (c) => {
    c.header("Cache-Control", "public, max-age=600");
    return c.json(deps.ctx.keys.jwks);
  });

  app.get("/settings", (c) => {
    const external: Record<string, boolean> = Object.fromEntries(EXTERNAL_PROVIDERS.map((name) => [name, false]));
    external.anonymous_users = settings.anonymousSignInsEnabled;
    for (const name of settings.enabledOAuthProviders) if (name in external) external[name] = true;
    external.email = settings.emailEnabled;
    return c.json({
      external,
      disable_signup: settings.signupDisabled,
      mailer_autoconfirm: settings.autoconfirm,
      phone_autoconfirm: false,
      sms_provider: "",
      saml_enabled: false,
      saml_private_key_next_configured: false,
      passkeys_enabled: false,
    });
  });
}
