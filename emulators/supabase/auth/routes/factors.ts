// MFA (GoTrue internal/api/mfa.go, admin.go). The Supabase CLI's config turns
// every factor type off (settings.ts refuses a config that turns one on), so
// enrolling answers GoTrue's "disabled" errors and no user has a factor: every
// factor id is unknown.
import type { Hono } from "hono";
import { z } from "zod";
import type { AuthDeps } from "../deps.ts";
import { badRequest, forbidden, notFound, unprocessable } from "../errors.ts";
import { authenticate } from "../guard.ts";
import { readParams, text } from "../params.ts";
import { findUserById } from "../users.ts";

const EnrollParams = z.object({ friendly_name: text, factor_type: text, issuer: text, phone: text });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ENROLL_DISABLED: Record<string, [string, string]> = {
  totp: ["mfa_totp_enroll_not_enabled", "MFA enroll is disabled for TOTP"],
  phone: ["mfa_phone_enroll_not_enabled", "MFA enroll is disabled for Phone"],
  webauthn: ["mfa_webauthn_enroll_not_enabled", "MFA enroll is disabled for WebAuthn"],
};

/** GoTrue's loadFactor, for a user who has no factors. */
function unknownFactor(factorId: string): never {
  if (!UUID.test(factorId)) throw notFound("validation_failed", "factor_id must be an UUID");
  throw notFound("mfa_factor_not_found", "Factor not found");
}

async function requireUser(deps: AuthDeps, id: string): Promise<void> {
  if (!UUID.test(id)) throw notFound("validation_failed", "user_id must be an UUID");
  if (!(await findUserById(deps.ctx.pool, id))) throw notFound("user_not_found", "User not found");
}

export function factorRoutes(app: Hono, deps: AuthDeps): void {
  /** requireAuthentication, then requireNotAnonymous. */
  const signedInUser = async (c: Parameters<typeof authenticate>[0]) => {
    const caller = await authenticate(c, deps);
    if (caller.claims.is_anonymous === true) throw forbidden("no_authorization", "Anonymous user not allowed to perform these actions");
    return caller;
  };

  app.post("/factors", async (c) => {
    await signedInUser(c);
    const params = await readParams(c, EnrollParams);
    const disabled = ENROLL_DISABLED[params.factor_type];
    if (!disabled) throw badRequest("validation_failed", "factor_type needs to be totp, phone, or webauthn");
    throw unprocessable(...disabled);
  });
  for (const action of ["/challenge", "/verify", ""]) {
    app.on(action === "" ? "DELETE" : "POST", `/factors/:factorId${action}`, async (c) => {
      await signedInUser(c);
      return unknownFactor(c.req.param("factorId"));
    });
  }

  // The service-role check on /admin/* is adminRoutes' middleware.
  app.get("/admin/users/:id/factors", async (c) => {
    await requireUser(deps, c.req.param("id"));
    return c.json([]);
  });
  app.on(["PUT", "DELETE"], "/admin/users/:id/factors/:factorId", async (c) => {
    await requireUser(deps, c.req.param("id"));
    return unknownFactor(c.req.param("factorId"));
  });
}
