// POST /verify (verifyOtp: a token_hash, or an email plus the typed code) answers
// with a session; GET /verify (the link in an email) redirects 303 to redirect_to
// with the tokens in the fragment, or `?code=` when the flow used PKCE, or the
// error in the fragment (GoTrue internal/api/verify.go).
import type { Context, Hono } from "hono";
import { z } from "zod";
import { clientInfo, write, type AuthDeps } from "../deps.ts";
import { AuthError, badRequest, unprocessable } from "../errors.ts";
import { authMethodForType, issueAuthCode } from "../flow-state.ts";
import { PKCE_PREFIX, tokenHash } from "../one-time-tokens.ts";
import { readParams, text, validateEmail } from "../params.ts";
import { encodeValues, referrer, rewriteUrl } from "../redirects.ts";
import { issueSession, type TokenResponse } from "../sessions.ts";
import { refreshProviders } from "../users.ts";
import { applyVerification, userForEmailOtp, userForTokenHash } from "../verification.ts";

const VerifyParams = z.object({ type: text, token: text, token_hash: text, email: text, phone: text, redirect_to: text });

const SINGLE_CONFIRMATION = "Confirmation link accepted. Please proceed to confirm link sent to the other email";

// GoTrue's oauthErrorMap: the `error` a redirect carries for an HTTP status.
const OAUTH_ERRORS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized_client",
  403: "access_denied",
  500: "server_error",
  503: "temporarily_unavailable",
};

function errorRedirect(redirectTo: string, error: AuthError, pkce: boolean): string {
  const values: Record<string, string> = { error_code: error.code, error_description: error.message };
  const oauthError = OAUTH_ERRORS[error.status];
  if (oauthError) values.error = oauthError;
  return rewriteUrl(redirectTo, { query: pkce ? values : undefined, fragment: encodeValues({ ...values, sb: "" }) });
}

function sessionRedirect(redirectTo: string, session: TokenResponse, type: string): string {
  const fragment = encodeValues({
    type,
    access_token: session.access_token,
    token_type: session.token_type,
    expires_in: String(session.expires_in),
    expires_at: String(session.expires_at),
    refresh_token: session.refresh_token,
    sb: "",
  });
  return `${redirectTo}#${fragment}`;
}

export function verifyRoutes(app: Hono, deps: AuthDeps): void {
  const { settings } = deps;

  app.post("/verify", async (c) => {
    deps.limits.checkClient(c, "verify");
    const params = await readParams(c, VerifyParams);
    if (params.type === "") throw badRequest("validation_failed", "Verify requires a verification type");
    if ((params.token === "") === (params.token_hash === "")) {
      throw badRequest("validation_failed", "Verify requires either a token or a token hash");
    }
    let email = "";
    if (params.token !== "") {
      if (params.phone !== "" && params.email === "") throw new AuthError(403, "otp_expired", "Token has expired or is invalid");
      if (params.email === "" || params.phone !== "") {
        throw badRequest("validation_failed", "Only an email address or phone number should be provided on verify");
      }
      try {
        email = validateEmail(params.email);
      } catch {
        throw unprocessable("validation_failed", "Invalid email format");
      }
    } else if (params.email !== "" || params.phone !== "" || params.redirect_to !== "") {
      throw badRequest("validation_failed", "Only the token_hash and type should be provided");
    }

    const result = await write(deps, async (tx) => {
      const found =
        params.token_hash !== ""
          ? await userForTokenHash(tx, settings, params.type, params.token_hash)
          : await userForEmailOtp(tx, settings, params.type, email, tokenHash(email, params.token));
      const hash = params.token_hash || tokenHash(email, params.token);
      if (!(await applyVerification(tx, settings, found.type, found.user, hash))) return null;
      await refreshProviders(tx, found.user.row.id);
      return issueSession(deps, tx, found.user.row.id, "otp", clientInfo(c));
    });
    return c.json(result ?? { msg: SINGLE_CONFIRMATION, code: "200" });
  });

  app.get("/verify", async (c: Context) => {
    deps.limits.checkClient(c, "verify");
    const token = c.req.query("token") ?? "";
    const type = c.req.query("type") ?? "";
    const redirectTo = referrer(c, settings);
    if (type === "") throw badRequest("validation_failed", "Verify requires a verification type");
    if (token === "") throw badRequest("validation_failed", "Verify requires a token or a token hash");
    const pkce = token.startsWith(PKCE_PREFIX);
    const method = pkce ? authMethodForType(type) : null;

    let location: string;
    try {
      location = await write(deps, async (tx) => {
        const found = await userForTokenHash(tx, settings, type, token);
        if (!(await applyVerification(tx, settings, found.type, found.user, token))) {
          const fragment = encodeValues({ message: SINGLE_CONFIRMATION, sb: "" });
          return rewriteUrl(redirectTo, { query: pkce ? { message: SINGLE_CONFIRMATION } : undefined, fragment });
        }
        await refreshProviders(tx, found.user.row.id);
        if (method) {
          const code = await issueAuthCode(tx, found.user.row.id, method);
          return rewriteUrl(redirectTo, { query: { code } });
        }
        const session = await issueSession(deps, tx, found.user.row.id, "otp", clientInfo(c));
        return sessionRedirect(redirectTo, session, found.type); // "email" resolved, as GoTrue reports it
      });
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      location = errorRedirect(redirectTo, error, pkce);
    }
    return c.redirect(location, 303);
  });
}
