// POST /signup (GoTrue internal/api/signup.go). With confirmations on, the user
// comes back without a session and a confirmation email goes out; with them
// off, the user is confirmed and signed in at once. Signing up again with an
// address that is already confirmed answers with an obfuscated look-alike user
// (so the endpoint does not reveal who has an account), or 422
// user_already_exists when confirmations are off.
import { randomUUID } from "node:crypto";
import type { Context, Hono } from "hono";
import { z } from "zod";
import { type Db, pgErrorCode } from "../db.ts";
import { clientInfo, write, type AuthDeps } from "../deps.ts";
import { sendConfirmation } from "../emails.ts";
import { badRequest, internal, unprocessable } from "../errors.ts";
import { createFlowState, validatePkceParams } from "../flow-state.ts";
import { jsonObject, readParams, text, validateEmail } from "../params.ts";
import { checkPasswordStrength, hashPassword } from "../passwords.ts";
import { referrer } from "../redirects.ts";
import { issueSession, type TokenResponse } from "../sessions.ts";
import {
  AUDIENCE,
  confirmUser,
  emailIdentityData,
  emailTakenByAnotherUser,
  insertIdentity,
  insertUser,
  isConfirmed,
  refreshProviders,
  reloadUser,
  userJson,
  type User,
} from "../users.ts";

const SignupParams = z.object({
  email: text,
  phone: text,
  password: text,
  data: jsonObject,
  code_challenge: text,
  code_challenge_method: text,
});

/** Inserts the user; a failing trigger on auth.users surfaces as GoTrue's 500. */
export async function insertNewUser(db: Db, user: Parameters<typeof insertUser>[1], failure: string) {
  try {
    return await insertUser(db, user);
  } catch (error) {
    throw internal(failure, `${(error as Error).message}${pgErrorCode(error) ? ` (SQLSTATE ${pgErrorCode(error)})` : ""}`);
  }
}

/** What GoTrue's sanitizeUser returns for an address that is already registered. */
function lookAlikeUser(existing: User, data: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  const json = userJson(existing);
  return {
    ...json,
    id: randomUUID(),
    role: "",
    phone: "",
    new_email: undefined,
    created_at: now,
    updated_at: now,
    confirmation_sent_at: now,
    last_sign_in_at: undefined,
    confirmed_at: undefined,
    email_change_sent_at: undefined,
    email_confirmed_at: undefined,
    phone_confirmed_at: undefined,
    identities: [],
    user_metadata: data,
    aud: AUDIENCE,
    app_metadata: { provider: "email", providers: ["email"] },
  };
}

export interface SignupRequest {
  email: string;
  password: string;
  data: Record<string, unknown>;
  codeChallenge: string;
  codeChallengeMethod: string;
}

export type SignupOutcome = { session: TokenResponse } | { user: User } | { lookAlike: Record<string, unknown> };

/** GoTrue's Signup handler after parameter parsing; also what a magic link to a new address runs. */
export async function signUp(c: Context, deps: AuthDeps, params: SignupRequest): Promise<SignupOutcome> {
  const { settings } = deps;
  if (settings.signupDisabled) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  if (params.password === "") throw badRequest("validation_failed", "Signup requires a valid password");
  checkPasswordStrength(settings, params.password);
  validatePkceParams(params.codeChallengeMethod, params.codeChallenge);
  if (!settings.emailEnabled) throw badRequest("email_provider_disabled", "Email signups are disabled");
  const email = validateEmail(params.email);
  const pkce = params.codeChallenge !== "";

  const existing = await emailTakenByAnotherUser(deps.ctx.pool, email, null);
  if (existing && isConfirmed(existing.row)) {
    if (settings.autoconfirm) throw unprocessable("user_already_exists", "User already registered");
    return { lookAlike: lookAlikeUser(existing, params.data) };
  }
  // Hash outside the transaction, as GoTrue does: it is the slow part.
  const passwordHash = existing ? null : await hashPassword(params.password);

  return write(deps, async (tx, outbox) => {
    let userId: string;
    if (existing) {
      userId = existing.row.id; // unconfirmed: left as it is, its claimed identity is not proven
    } else {
      const appMetadata = { provider: "email", providers: ["email"] };
      const row = await insertNewUser(tx, { email, passwordHash, userMetadata: params.data, appMetadata }, "Database error saving new user");
      userId = row.id;
    }
    const hasEmailIdentity = await tx.query("select 1 from auth.identities where provider_id = $1 and provider = 'email'", [userId]);
    if (hasEmailIdentity.rowCount === 0) {
      // Identity data wins over the signup data for its own keys; the user's
      // metadata becomes the identity's (GoTrue's RemoveUnconfirmedIdentities).
      const identityData = { ...params.data, ...emailIdentityData(userId, email) };
      const identity = await insertIdentity(tx, userId, "email", identityData);
      await tx.query("delete from auth.identities where user_id = $1 and id <> $2", [userId, identity.id]);
      await tx.query("update auth.users set raw_user_meta_data = $2 where id = $1", [userId, identityData]);
      await refreshProviders(tx, userId);
    }
    if (settings.autoconfirm) {
      await confirmUser(tx, userId);
      return { session: await issueSession(deps, tx, userId, "password", clientInfo(c)) };
    }
    if (pkce) await createFlowState(tx, userId, "email", "email/signup", params.codeChallengeMethod, params.codeChallenge);
    const user = await reloadUser(tx, userId);
    await sendConfirmation({ db: tx, settings, limits: deps.limits, outbox, redirectTo: referrer(c, settings), pkce }, user.row);
    return { user: await reloadUser(tx, userId) };
  });
}

/** GoTrue's SignupAnonymously: a user with no address or identity, signed in at once. */
async function signUpAnonymously(c: Context, deps: AuthDeps, data: Record<string, unknown>): Promise<TokenResponse> {
  if (deps.settings.signupDisabled) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  return write(deps, async (tx) => {
    const row = await insertNewUser(tx, { email: "", passwordHash: null, userMetadata: data, appMetadata: {}, isAnonymous: true }, "Database error creating anonymous user");
    return issueSession(deps, tx, row.id, "anonymous", clientInfo(c));
  });
}

export function signupRoutes(app: Hono, deps: AuthDeps): void {
  app.post("/signup", async (c) => {
    const params = await readParams(c, SignupParams);
    if (params.email === "" && params.phone === "") {
      if (!deps.settings.anonymousSignInsEnabled) throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
      return c.json(await signUpAnonymously(c, deps, params.data ?? {}));
    }
    deps.limits.checkClient(c, "signup");
    if (deps.settings.signupDisabled) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
    // validateSignupParams: the password is checked before the address and phone.
    if (params.password === "") throw badRequest("validation_failed", "Signup requires a valid password");
    checkPasswordStrength(deps.settings, params.password);
    if (params.email !== "" && params.phone !== "") {
      throw badRequest("validation_failed", "Only an email address or phone number should be provided on signup.");
    }
    if (params.phone !== "") throw badRequest("phone_provider_disabled", "Phone signups are disabled");
    const outcome = await signUp(c, deps, {
      email: params.email,
      password: params.password,
      data: params.data ?? {},
      codeChallenge: params.code_challenge,
      codeChallengeMethod: params.code_challenge_method,
    });
    if ("session" in outcome) return c.json(outcome.session);
    if ("lookAlike" in outcome) return c.json(outcome.lookAlike);
    const json = userJson(outcome.user);
    // An invited user's details stay private until they accept (GoTrue's HasBeenInvited).
    return c.json(outcome.user.row.invited_at ? { ...json, user_metadata: {}, identities: [] } : json);
  });
}
