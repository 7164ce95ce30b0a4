"use server";
// Sign-up, sign-in and password recovery. Every action goes through the one
// wrapper (lib/action.ts): zod-parsed FormData, friendly errors from
// lib/auth/errors.ts, the typed email echoed back so the form keeps it.
import { redirect } from "next/navigation";
import { action, ActionError } from "@/lib/action";
import { authActionError, EMAIL_NOT_CONFIRMED } from "./errors";
import { confirmUrl } from "./links";
import { isRecoverySession } from "./recovery";
import { safeNextPath } from "./redirect";
import { emailOnlySchema, resetPasswordSchema, signInSchema, signUpSchema } from "./schema";

/** Set on ActionState.data when sign-in failed because the address isn't confirmed yet. */
export type SignInFailure = { reason: "email_not_confirmed" };

export const signUp = action(
  signUpSchema,
  async ({ name, email, password }, { supabase }) => {
    const { data, error } = await supabase.auth.signUp({
      email,
      password,
      options: { emailRedirectTo: confirmUrl("/dashboard"), data: name ? { name } : undefined },
    });
    if (error) throw authActionError(error, "sign-up");
    // Confirmations off (config.toml): signed in at once.
    if (data.session) redirect("/dashboard");
    // Confirmations on: an address that already has an account gets the same
    // answer (Supabase returns a look-alike user and sends nothing), so this
    // page can't be used to find out who has an account.
    return { ok: true, message: "Check your email to confirm your address." };
  },
  { auth: false },
);

export const signIn = action(
  signInSchema,
  async ({ email, password, next }, { supabase }) => {
    const { error } = await supabase.auth.signInWithPassword({ email, password });
    if (error?.code === "email_not_confirmed") {
      return { error: EMAIL_NOT_CONFIRMED, data: { reason: "email_not_confirmed" } satisfies SignInFailure };
    }
    if (error) throw authActionError(error, "sign-in");
    redirect(safeNextPath(next));
  },
  { auth: false },
);

export const resendConfirmation = action(
  emailOnlySchema,
  async ({ email }, { supabase }) => {
    const { error } = await supabase.auth.resend({ type: "signup", email, options: { emailRedirectTo: confirmUrl("/dashboard") } });
    if (error) throw authActionError(error, "resend");
    // The Auth server answers the same whether or not the address has an unconfirmed account.
    return { ok: true, message: `If ${email} has an account waiting for confirmation, a new link is on its way. Check your inbox.` };
  },
  { auth: false },
);

export const requestPasswordReset = action(
  emailOnlySchema,
  async ({ email }, { supabase }) => {
    const { error } = await supabase.auth.resetPasswordForEmail(email, { redirectTo: confirmUrl("/reset-password") });
    if (error) throw authActionError(error, "recover");
    return { ok: true, message: "Check your email for a link to choose a new password." };
  },
  { auth: false },
);

/** Sets the new password for the session the reset link opened, then asks for a fresh sign-in with it. */
export const resetPassword = action(
  resetPasswordSchema,
  async ({ password }, { supabase }) => {
    const { data: claims } = await supabase.auth.getClaims();
    // Only a session a reset link just opened: any other changes the password on /settings, with the current one.
    if (!claims || !isRecoverySession(claims.claims)) throw new ActionError("Your reset link has expired. Request a new one.");
    const { error } = await supabase.auth.updateUser({ password });
    if (error) throw authActionError(error, "reset-password");
    // A reset often means someone else may know the old password: end every session, this one too.
    await supabase.auth.signOut({ scope: "global" });
    redirect("/login?notice=password_updated");
  },
  { auth: false },
);
