// The signed-in user's own endpoints (GoTrue internal/api/user.go, logout.go,
// reauthenticate.go): GET and PUT /user, POST /logout, GET /reauthenticate.
import type { Hono } from "hono";
import type pg from "pg";
import { z } from "zod";
import { write, type AuthDeps } from "../deps.ts";
import { sendEmailChange, sendReauthentication } from "../emails.ts";
import { badRequest, forbidden, unprocessable } from "../errors.ts";
import { createFlowState, validatePkceParams } from "../flow-state.ts";
import { otpMatches, tokenHash } from "../one-time-tokens.ts";
import { jsonObject, optionalText, readParams, text, validateEmail } from "../params.ts";
import { checkPasswordStrength, hashPassword, passwordMatches } from "../passwords.ts";
import { referrer } from "../redirects.ts";
import { authenticate, type Caller } from "../guard.ts";
import { endSessions } from "../sessions.ts";
import {
  AUDIENCE,
  clearOneTimeTokens,
  emailTakenByAnotherUser,
  isConfirmed,
  mergeUserMetadata,
  refreshProviders,
  reloadUser,
  userJson,
} from "../users.ts";
import { applyVerification } from "../verification.ts";

const UpdateParams = z.object({
  email: text,
  password: optionalText,
  nonce: text,
  data: jsonObject,
  app_metadata: jsonObject,
  phone: text,
  code_challenge: text,
  code_challenge_method: text,
});

const INVALID_NONCE = "Nonce has expired or is invalid";
const DAY_MS = 24 * 3600 * 1000;

/** GoTrue's UpdatePassword: new hash, pending tokens void, other sessions (or all) signed out. */
async function storeNewPassword(tx: pg.PoolClient, caller: Caller, hash: string | null): Promise<void> {
  await tx.query(
    `update auth.users set encrypted_password = $2,
            confirmation_token = '', confirmation_sent_at = null, recovery_token = '', recovery_sent_at = null,
            email_change_token_current = '', email_change_token_new = '', email_change_sent_at = null,
            phone_change_token = '', phone_change_sent_at = null,
            reauthentication_token = '', reauthentication_sent_at = null, updated_at = now()
      where id = $1`,
    [caller.user.row.id, hash ?? ""],
  );
  await clearOneTimeTokens(tx, caller.user.row.id);
  await endSessions(tx, caller.user.row.id, caller.session ? "others" : "global", caller.session?.id ?? null);
}

export function userRoutes(app: Hono, deps: AuthDeps): void {
  const { settings } = deps;

  app.get("/user", async (c) => {
    const caller = await authenticate(c, deps);
    const aud = Array.isArray(caller.claims.aud) ? caller.claims.aud[0] : caller.claims.aud;
    if (aud !== AUDIENCE) throw badRequest("validation_failed", "Token audience doesn't match request audience");
    return c.json(userJson(caller.user));
  });

  app.put("/user", async (c) => {
    const caller = await authenticate(c, deps);
    deps.limits.checkClient(c, "user");
    const params = await readParams(c, UpdateParams);
    const user = caller.user.row;
    const email = params.email !== "" ? validateEmail(params.email) : "";
    if (params.phone !== "") throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
    if (params.password !== undefined) checkPasswordStrength(settings, params.password);
    if (params.app_metadata !== undefined) {
      throw forbidden("not_admin", "Updating app_metadata requires admin privileges");
    }
    if (user.is_anonymous && params.password && email === "" && params.phone === "") {
      throw unprocessable("validation_failed", "Updating password of an anonymous user without an email or phone is not allowed");
    }
    const changesEmail = email !== "" && email !== user.email;
    if (changesEmail && (await emailTakenByAnotherUser(deps.ctx.pool, email, user.id))) {
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    }
    validatePkceParams(params.code_challenge_method, params.code_challenge);

    let newPasswordHash: string | null | undefined;
    if (params.password !== undefined) {
      const staleSession = !caller.session || Date.now() > caller.session.created_at.getTime() + DAY_MS;
      if (settings.passwordChangeNeedsReauthentication && staleSession) {
        if (params.nonce === "") throw badRequest("reauthentication_needed", "Password update requires reauthentication");
        const valid = otpMatches(tokenHash(user.email ?? "", params.nonce), user.reauthentication_token, user.reauthentication_sent_at, settings.otpExpirySeconds);
        if (!valid) throw unprocessable("reauthentication_not_valid", INVALID_NONCE);
      }
      if (params.password !== "" && (await passwordMatches(user.encrypted_password, params.password))) {
        throw unprocessable("same_password", "New password should be different from the old password.");
      }
      newPasswordHash = params.password === "" ? null : await hashPassword(params.password);
    }

    const updated = await write(deps, async (tx, outbox) => {
      if (newPasswordHash !== undefined) await storeNewPassword(tx, caller, newPasswordHash);
      if (params.data !== undefined) await mergeUserMetadata(tx, user.id, params.data);
      if (changesEmail && user.is_anonymous && settings.autoconfirm) {
        // With confirmations off an anonymous user adds an address as if signing up: no email, no link.
        await tx.query("update auth.users set email_change = $2 where id = $1", [user.id, email]);
        await applyVerification(tx, settings, "email_change", await reloadUser(tx, user.id), "");
        await refreshProviders(tx, user.id);
      } else if (changesEmail) {
        const pkce = params.code_challenge !== "";
        if (pkce) await createFlowState(tx, user.id, "email_change", "email_change", params.code_challenge_method, params.code_challenge);
        const current = await reloadUser(tx, user.id);
        await sendEmailChange({ db: tx, settings, limits: deps.limits, outbox, redirectTo: referrer(c, settings), pkce }, current.row, email);
      }
      return reloadUser(tx, user.id);
    });
    return c.json(userJson(updated));
  });

  app.post("/logout", async (c) => {
    const caller = await authenticate(c, deps);
    const scope = c.req.query("scope") ?? "";
    if (!["", "global", "local", "others"].includes(scope)) {
      throw badRequest("validation_failed", `Unsupported logout scope "${scope}"`);
    }
    await write(deps, (tx) =>
      endSessions(tx, caller.user.row.id, scope === "local" || scope === "others" ? scope : "global", caller.session?.id ?? null),
    );
    return c.body(null, 204);
  });

  app.get("/reauthenticate", async (c) => {
    const caller = await authenticate(c, deps);
    const user = caller.user.row;
    if (!user.email) throw badRequest("validation_failed", "Reauthentication requires the user to have an email or a phone number");
    if (!isConfirmed(user)) throw unprocessable("email_not_confirmed", "Please verify your email first.");
    await write(deps, (tx, outbox) =>
      sendReauthentication({ db: tx, settings, limits: deps.limits, outbox, redirectTo: settings.siteUrl, pkce: false }, user),
    );
    return c.json({});
  });
}
