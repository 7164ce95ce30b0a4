// OAuth sign-in and identity linking (GoTrue internal/api/external.go,
// identity.go). The emulator cannot reach any OAuth provider, so /authorize
// answers as GoTrue does for a provider that is off or unknown; identity
// linking answers 404 while [auth] enable_manual_linking is off, as by default.
import type { Context, Hono } from "hono";
import type { AuthDeps } from "../deps.ts";
import { write } from "../deps.ts";
import { AuthError, badRequest, forbidden, notFound, unprocessable } from "../errors.ts";
import { authenticate } from "../guard.ts";
import { queryValue } from "../params.ts";
import { AUDIENCE, refreshProviders } from "../users.ts";

// The providers GoTrue's Provider() knows by name.
const KNOWN_PROVIDERS = new Set([
  "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab", "google", "kakao", "keycloak",
  "linkedin", "linkedin_oidc", "notion", "snapchat", "spotify", "slack", "slack_oidc", "twitch", "twitter", "x",
  "vercel_marketplace", "workos", "zoom",
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GoTrue's GetExternalProviderRedirectURL up to the point where it would need the provider itself. */
function refuseProvider(deps: AuthDeps, c: Context): never {
  const name = queryValue(c, "provider").toLowerCase();
  let reason: string;
  if (name.startsWith("custom:")) reason = "custom OAuth providers are disabled";
  else if (!KNOWN_PROVIDERS.has(name)) reason = `Provider ${name} could not be found`;
  else if (!deps.settings.enabledOAuthProviders.includes(name)) reason = "provider is not enabled";
  // Hosted Supabase would redirect to the provider here; the emulator has no network to it.
  else reason = `the local emulator cannot sign in with ${name}`;
  throw badRequest("validation_failed", `Unsupported provider: ${reason}`);
}

function requireManualLinking(deps: AuthDeps): void {
  if (!deps.settings.manualLinkingEnabled) throw notFound("manual_linking_disabled", "Manual linking is disabled");
}

export function externalRoutes(app: Hono, deps: AuthDeps): void {
  app.get("/authorize", (c) => refuseProvider(deps, c));

  app.get("/user/identities/authorize", async (c) => {
    await authenticate(c, deps);
    requireManualLinking(deps);
    return refuseProvider(deps, c);
  });

  app.delete("/user/identities/:identityId", async (c) => {
    const caller = await authenticate(c, deps);
    requireManualLinking(deps);
    const identityId = c.req.param("identityId");
    if (!UUID.test(identityId)) throw notFound("validation_failed", "identity_id must be an UUID");
    const aud = Array.isArray(caller.claims.aud) ? caller.claims.aud[0] : caller.claims.aud;
    if (aud !== AUDIENCE) throw forbidden("unexpected_audience", "Token audience doesn't match request audience");
    const { identities, row } = caller.user;
    if (identities.length <= 1) throw unprocessable("single_identity_not_deletable", "User must have at least 1 identity after unlinking");
    const identity = identities.find((i) => i.id === identityId.toLowerCase());
    if (!identity) throw unprocessable("identity_not_found", "Identity doesn't exist");
    await write(deps, async (tx) => {
      await tx.query("delete from auth.identities where id = $1", [identity.id]);
      if (identity.provider === "phone") {
        await tx.query("update auth.users set phone = null, phone_confirmed_at = null, updated_at = now() where id = $1", [row.id]);
      } else if (identity.email && identity.email === row.email) {
        // GoTrue's UpdateUserEmailFromIdentities: the address moves to another identity's, or goes.
        const next = identities.find((i) => i.id !== identity.id && i.email)?.email ?? null;
        try {
          await tx.query("update auth.users set email = $2, updated_at = now() where id = $1", [row.id, next]);
        } catch (error) {
          if (error instanceof AuthError) throw error;
          throw unprocessable("email_conflict_identity_not_deletable", "Unable to unlink identity due to email conflict");
        }
      }
      await refreshProviders(tx, row.id);
    });
    return c.json({});
  });
}
