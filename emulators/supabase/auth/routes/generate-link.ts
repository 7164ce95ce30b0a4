// POST /admin/generate_link (GoTrue internal/api/mail.go adminGenerateLink):
// makes the token an email would carry and returns the link instead of sending
// it, creating the user first for signup, invite and a first magic link.
import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { z } from "zod";
import { write, type AuthDeps } from "../deps.ts";
import { confirmationUrl } from "../emails.ts";
import { badRequest, notFound, unprocessable } from "../errors.ts";
import { generateOtp, storeOneTimeToken, tokenHash } from "../one-time-tokens.ts";
import { jsonObject, readParams, text, validateEmail } from "../params.ts";
import { checkPasswordStrength, hashPassword } from "../passwords.ts";
import { isRedirectUrlValid, referrer } from "../redirects.ts";
import {
  emailIdentityData,
  emailTakenByAnotherUser,
  findUserByEmail,
  insertIdentity,
  isConfirmed,
  mergeUserMetadata,
  reloadUser,
  userJson,
  type User,
} from "../users.ts";
import { insertNewUser } from "./signup.ts";

const GenerateLinkParams = z.object({ type: text, email: text, new_email: text, password: text, data: jsonObject, redirect_to: text });

const DUPLICATE_EMAIL = "A user with this email address has already been registered";

export function generateLinkRoutes(app: Hono, deps: AuthDeps): void {
  const { settings } = deps;

  app.post("/admin/generate_link", async (c) => {
    const params = await readParams(c, GenerateLinkParams);
    const email = validateEmail(params.email);
    const redirectTo = isRedirectUrlValid(settings, params.redirect_to) ? params.redirect_to : referrer(c, settings);
    const existing = await findUserByEmail(deps.ctx.pool, email);
    let type = params.type;
    let password = params.password;
    if (!existing) {
      if (type === "magiclink") {
        type = "signup";
        password = `${randomBytes(24).toString("base64url")}aA1!`;
      } else if (["recovery", "email_change_current", "email_change_new"].includes(type)) {
        throw notFound("user_not_found", "User with this email not found");
      }
    }
    if (!["signup", "invite", "magiclink", "recovery", "email_change_current", "email_change_new"].includes(type)) {
      throw badRequest("validation_failed", `Invalid email action link type requested: ${type}`);
    }
    let passwordHash: string | null = null;
    if (type === "signup" && !existing) {
      if (password === "") throw badRequest("validation_failed", "Signup requires a valid password");
      checkPasswordStrength(settings, password);
      passwordHash = await hashPassword(password);
    }
    const otp = generateOtp(settings.otpLength);
    let hash = tokenHash(email, otp);

    const user = await write(deps, async (tx): Promise<User> => {
      const createUser = async (hashOrNull: string | null) => {
        const row = await insertNewUser(
          tx,
          { email, passwordHash: hashOrNull, userMetadata: params.data ?? {}, appMetadata: { provider: "email", providers: ["email"] } },
          "Database error saving new user",
        );
        await insertIdentity(tx, row.id, "email", emailIdentityData(row.id, email));
        return row.id;
      };
      if (type === "signup" || type === "invite") {
        let userId: string;
        if (existing) {
          if (isConfirmed(existing.row)) throw unprocessable("email_exists", DUPLICATE_EMAIL);
          userId = existing.row.id;
          if (type === "signup" && params.data) await mergeUserMetadata(tx, userId, params.data);
        } else {
          userId = await createUser(passwordHash);
        }
        const invited = type === "invite" ? ", invited_at = now()" : "";
        await tx.query(`update auth.users set confirmation_token = $2, confirmation_sent_at = now()${invited} where id = $1`, [userId, hash]);
        await storeOneTimeToken(tx, userId, "confirmation_token", hash, email);
        return reloadUser(tx, userId);
      }
      const user = existing!;
      if (type === "magiclink" || type === "recovery") {
        await tx.query("update auth.users set recovery_token = $2, recovery_sent_at = now() where id = $1", [user.row.id, hash]);
        await storeOneTimeToken(tx, user.row.id, "recovery_token", hash, email);
        return reloadUser(tx, user.row.id);
      }
      if (type === "email_change_current" && !settings.secureEmailChange) {
        throw badRequest("validation_failed", "Enable secure email change to generate link for current email");
      }
      const newEmail = validateEmail(params.new_email);
      if (await emailTakenByAnotherUser(tx, newEmail, user.row.id)) throw unprocessable("email_exists", DUPLICATE_EMAIL);
      const column = type === "email_change_current" ? "email_change_token_current" : "email_change_token_new";
      if (type === "email_change_new") hash = tokenHash(newEmail, otp);
      await tx.query(
        `update auth.users set email_change = $2, email_change_sent_at = now(), email_change_confirm_status = 0, ${column} = $3 where id = $1`,
        [user.row.id, newEmail, hash],
      );
      await storeOneTimeToken(tx, user.row.id, column, hash, type === "email_change_current" ? email : newEmail);
      return reloadUser(tx, user.row.id);
    });

    const linkType = type.startsWith("email_change") ? "email_change" : type;
    return c.json({
      ...userJson(user),
      action_link: confirmationUrl(settings, hash, linkType, redirectTo),
      email_otp: otp,
      hashed_token: hash,
      verification_type: type,
      redirect_to: redirectTo,
    });
  });
}
