// Endpoints that email a link to an address (GoTrue recover.go, resend.go,
// otp.go, magic_link.go). They answer 200 `{}` whether or not the address has
// an account, so they do not reveal who signed up.
import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import type pg from "pg";
import { z } from "zod";
import type { MailDraft } from "../../mailbox.ts";
import { write, type AuthDeps } from "../deps.ts";
import { sendConfirmation, sendEmailChange, sendRecovery, type MailContext } from "../emails.ts";
import { badRequest, unprocessable } from "../errors.ts";
import { createFlowState, validatePkceParams, type AuthMethod } from "../flow-state.ts";
import { jsonObject, readParams, text, validateEmail } from "../params.ts";
import { referrer } from "../redirects.ts";
import { findUserByEmail, isConfirmed } from "../users.ts";
import { signUp } from "./signup.ts";

const RecoverParams = z.object({ email: text, code_challenge: text, code_challenge_method: text });
const ResendParams = z.object({ type: text, email: text, phone: text, code_challenge: text, code_challenge_method: text });
const MagicLinkParams = z.object({ email: text, data: jsonObject, code_challenge: text, code_challenge_method: text });
const OtpParams = MagicLinkParams.extend({
  phone: text,
  channel: text,
  // GoTrue starts from create_user = true, so only an explicit false turns it off.
  create_user: z
    .boolean()
    .nullish()
    .transform((value) => value ?? true),
});

function mailContext(c: Context, deps: AuthDeps, tx: pg.PoolClient, outbox: MailDraft[], pkce: boolean): MailContext {
  return { db: tx, settings: deps.settings, limits: deps.limits, outbox, redirectTo: referrer(c, deps.settings), pkce };
}

async function startPkceFlow(tx: pg.PoolClient, userId: string, method: AuthMethod, challengeMethod: string, challenge: string) {
  if (challenge !== "") await createFlowState(tx, userId, method, method, challengeMethod, challenge);
}

/** GoTrue's MagicLink: a sign-in link, or for an address without a confirmed account, a signup. */
async function magicLink(c: Context, deps: AuthDeps, params: z.output<typeof MagicLinkParams>): Promise<Response> {
  if (!deps.settings.emailEnabled) throw unprocessable("email_provider_disabled", "Email logins are disabled");
  if (params.email === "") throw unprocessable("validation_failed", "Password recovery requires an email");
  const email = validateEmail(params.email);
  validatePkceParams(params.code_challenge_method, params.code_challenge);
  const pkce = params.code_challenge !== "";

  const user = await findUserByEmail(deps.ctx.pool, email);
  if (!user || !isConfirmed(user.row)) {
    // Signed up with a random password; the confirmation email doubles as the
    // magic link. With confirmations off the user is confirmed at once and
    // gets a real magic link below.
    const signup = {
      email,
      password: `${randomBytes(24).toString("base64url")}aA1!`,
      data: params.data ?? {},
      codeChallenge: params.code_challenge,
      codeChallengeMethod: params.code_challenge_method,
    };
    await signUp(c, deps, signup);
    if (!deps.settings.autoconfirm) return c.json({});
  }
  await write(deps, async (tx, outbox) => {
    const current = await findUserByEmail(tx, email, true);
    if (!current) return;
    await startPkceFlow(tx, current.row.id, "magiclink", params.code_challenge_method, params.code_challenge);
    await sendRecovery(mailContext(c, deps, tx, outbox, pkce), current.row, "magiclink");
  });
  return c.json({});
}

export function recoverRoutes(app: Hono, deps: AuthDeps): void {
  app.post("/recover", async (c) => {
    deps.limits.checkClient(c, "recover");
    // GoTrue's requireEmailProvider middleware: 400, unlike the 422 of /magiclink and /otp.
    if (!deps.settings.emailEnabled) throw badRequest("email_provider_disabled", "Email logins are disabled");
    const params = await readParams(c, RecoverParams);
    if (params.email === "") throw badRequest("validation_failed", "Password recovery requires an email");
    const email = validateEmail(params.email);
    validatePkceParams(params.code_challenge_method, params.code_challenge);
    const pkce = params.code_challenge !== "";
    await write(deps, async (tx, outbox) => {
      const user = await findUserByEmail(tx, email, true);
      if (!user) return;
      await startPkceFlow(tx, user.row.id, "recovery", params.code_challenge_method, params.code_challenge);
      await sendRecovery(mailContext(c, deps, tx, outbox, pkce), user.row);
    });
    return c.json({});
  });

  app.post("/resend", async (c) => {
    deps.limits.checkClient(c, "resend");
    const params = await readParams(c, ResendParams);
    if (params.type === "signup" || params.type === "email_change") {
      validatePkceParams(params.code_challenge_method, params.code_challenge);
    } else if (params.type !== "sms" && params.type !== "phone_change") {
      throw badRequest("validation_failed", "Missing one of these types: signup, email_change, sms, phone_change");
    }
    if (params.email === "" && params.type === "signup") throw badRequest("validation_failed", "Type provided requires an email address");
    if (params.phone === "" && params.type === "sms") throw badRequest("validation_failed", "Type provided requires a phone number");
    if (params.email !== "" && params.phone !== "") {
      throw badRequest("validation_failed", "Only an email address or phone number should be provided.");
    }
    if (params.phone !== "") throw badRequest("phone_provider_disabled", "Phone logins are disabled");
    if (params.email === "") throw badRequest("validation_failed", "Missing email address or phone number");
    if (!deps.settings.emailEnabled) throw badRequest("email_provider_disabled", "Email logins are disabled");
    const email = validateEmail(params.email);
    const pkce = params.code_challenge !== "";

    await write(deps, async (tx, outbox) => {
      const user = await findUserByEmail(tx, email, true);
      if (!user) return;
      const mail = mailContext(c, deps, tx, outbox, pkce);
      if (params.type === "signup" && !isConfirmed(user.row)) {
        await startPkceFlow(tx, user.row.id, "email/signup", params.code_challenge_method, params.code_challenge);
        await sendConfirmation(mail, user.row);
      } else if (params.type === "email_change" && user.row.email_change) {
        await startPkceFlow(tx, user.row.id, "email_change", params.code_challenge_method, params.code_challenge);
        await sendEmailChange(mail, user.row, user.row.email_change);
      }
    });
    return c.json({});
  });

  app.post("/magiclink", async (c) => {
    deps.limits.checkClient(c, "magiclink");
    return magicLink(c, deps, await readParams(c, MagicLinkParams));
  });

  app.post("/otp", async (c) => {
    deps.limits.checkClient(c, "otp");
    const params = await readParams(c, OtpParams);
    if (params.email !== "" && params.phone !== "") {
      throw badRequest("validation_failed", "Only an email address or phone number should be provided");
    }
    if (params.email !== "" && params.channel !== "") {
      throw badRequest("validation_failed", "Channel should only be specified with Phone OTP");
    }
    validatePkceParams(params.code_challenge_method, params.code_challenge);
    if (!params.create_user && params.email !== "") {
      // GoTrue's shouldCreateUser answers "no" for an invalid address too, so that is otp_disabled as well.
      let email: string | null = null;
      try {
        email = validateEmail(params.email);
      } catch {
        email = null;
      }
      if (!email || !(await findUserByEmail(deps.ctx.pool, email))) throw unprocessable("otp_disabled", "Signups not allowed for otp");
    }
    if (params.email !== "") return magicLink(c, deps, params);
    if (params.phone !== "") throw badRequest("phone_provider_disabled", "Unsupported phone provider");
    throw badRequest("validation_failed", "One of email or phone must be set");
  });
}
