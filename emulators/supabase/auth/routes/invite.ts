// POST /invite (GoTrue internal/api/invite.go, supabase-js auth.admin.inviteUserByEmail):
// service-role only. Creates the user without a password (or reuses one who
// never confirmed) and mails an invite link; accepting it confirms the address.
import type { Hono } from "hono";
import { z } from "zod";
import { write, type AuthDeps } from "../deps.ts";
import { sendInvite } from "../emails.ts";
import { unprocessable } from "../errors.ts";
import { requireAdmin } from "../guard.ts";
import { jsonObject, readParams, text, validateEmail } from "../params.ts";
import { referrer } from "../redirects.ts";
import { emailIdentityData, findUserByEmail, insertIdentity, isConfirmed, reloadUser, userJson } from "../users.ts";
import { insertNewUser } from "./signup.ts";

const InviteParams = z.object({ email: text, data: jsonObject });

export function inviteRoutes(app: Hono, deps: AuthDeps): void {
  const { settings } = deps;

  app.post("/invite", async (c) => {
    await requireAdmin(c, deps);
    const params = await readParams(c, InviteParams);
    const email = validateEmail(params.email);
    const invited = await write(deps, async (tx, outbox) => {
      const existing = await findUserByEmail(tx, email, true);
      if (existing && isConfirmed(existing.row)) {
        throw unprocessable("email_exists", "A user with this email address has already been registered");
      }
      let userId = existing?.row.id;
      if (!userId) {
        const appMetadata = { provider: "email", providers: ["email"] };
        const row = await insertNewUser(tx, { email, passwordHash: null, userMetadata: params.data ?? {}, appMetadata }, "Database error saving new user");
        await insertIdentity(tx, row.id, "email", emailIdentityData(row.id, email));
        userId = row.id;
      }
      const user = await reloadUser(tx, userId);
      await sendInvite({ db: tx, settings, limits: deps.limits, outbox, redirectTo: referrer(c, settings), pkce: false }, user.row);
      return reloadUser(tx, userId);
    });
    return c.json(userJson(invited));
  });
}
