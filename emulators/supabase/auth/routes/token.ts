// POST /token?grant_type=password|refresh_token|pkce (GoTrue internal/api/token.go).
import type { Hono } from "hono";
import { z } from "zod";
import { clientInfo, write, type AuthDeps } from "../deps.ts";
import { AuthError, badRequest, unprocessable, WeakPasswordError } from "../errors.ts";
import { redeemAuthCode } from "../flow-state.ts";
import { queryValue, readParams, text } from "../params.ts";
import { checkPasswordStrength, passwordMatches } from "../passwords.ts";
import { issueSession, refreshSession } from "../sessions.ts";
import { findUserByEmail, isBanned, isConfirmed } from "../users.ts";

const PasswordParams = z.object({ email: text, phone: text, password: text });
const RefreshParams = z.object({ refresh_token: text });
const PkceParams = z.object({ auth_code: text, code_verifier: text });

const INVALID_LOGIN = "Invalid login credentials";

export function tokenRoutes(app: Hono, deps: AuthDeps): void {
  const { settings } = deps;

  app.post("/token", async (c) => {
    const grantType = queryValue(c, "grant_type");
    if (!["password", "refresh_token", "pkce"].includes(grantType)) {
      throw badRequest("invalid_credentials", "unsupported_grant_type");
    }
    deps.limits.checkClient(c, "token");

    if (grantType === "refresh_token") {
      const { refresh_token } = await readParams(c, RefreshParams);
      return c.json(await write(deps, (tx) => refreshSession(deps, tx, refresh_token, clientInfo(c))));
    }

    if (grantType === "pkce") {
      const { auth_code, code_verifier } = await readParams(c, PkceParams);
      if (auth_code === "" || code_verifier === "") {
        throw badRequest("validation_failed", "invalid request: both auth code and code verifier should be non-empty");
      }
      return c.json(
        await write(deps, async (tx) => {
          const flow = await redeemAuthCode(tx, auth_code, code_verifier);
          return issueSession(deps, tx, flow.user_id, flow.authentication_method, clientInfo(c));
        }),
      );
    }

    const params = await readParams(c, PasswordParams);
    if (params.email !== "" && params.phone !== "") {
      throw badRequest("validation_failed", "Only an email address or phone number should be provided on login.");
    }
    if (params.phone !== "") throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
    if (params.email === "") throw badRequest("validation_failed", "missing email or phone");
    if (!settings.emailEnabled) throw unprocessable("email_provider_disabled", "Email logins are disabled");

    const user = await findUserByEmail(deps.ctx.pool, params.email);
    if (!user || !user.row.encrypted_password) throw badRequest("invalid_credentials", INVALID_LOGIN);
    if (isBanned(user.row)) throw badRequest("user_banned", "User is banned");
    if (!(await passwordMatches(user.row.encrypted_password, params.password))) {
      throw badRequest("invalid_credentials", INVALID_LOGIN);
    }
    // A correct password that no longer meets the rules still signs in; the
    // response says so, and supabase-js surfaces it as data.weak_password.
    let weakPassword: { message: string; reasons: string[] } | undefined;
    try {
      checkPasswordStrength(settings, params.password);
    } catch (error) {
      if (error instanceof WeakPasswordError) weakPassword = { message: error.message, reasons: error.reasons };
      else if (!(error instanceof AuthError)) throw error;
    }
    if (!isConfirmed(user.row)) throw badRequest("email_not_confirmed", "Email not confirmed");

    const session = await write(deps, (tx) => issueSession(deps, tx, user.row.id, "password", clientInfo(c)));
    return c.json(weakPassword ? { ...session, weak_password: weakPassword } : session);
  });
}
