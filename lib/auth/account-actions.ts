"use server";
// The settings page's actions: profile, picture, email, password, deletion.
// All through the one wrapper (signed-in user required), writing through row
// level security except the deletion, which needs the service role.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action, ActionError } from "@/lib/action";
import { deleteAccount as deleteAccountAndData } from "./account-deletion";
import { AVATAR_BUCKET, AVATAR_TYPES, isOwnAvatarPath } from "./avatar";
import { authActionError } from "./errors";
import { confirmUrl } from "./links";
import { changeEmailSchema, changePasswordSchema, confirmsDeletion, deleteAccountSchema, profileSchema } from "./schema";
import { verifyPassword } from "./verify-password";

export const updateProfile = action(profileSchema, async ({ name }, { supabase, user }) => {
  const { error } = await supabase.from("users").update({ name }).eq("id", user.id);
  if (error) throw new Error(`Could not update the profile of ${user.id}: ${error.message}`);
  revalidatePath("/", "layout"); // the header shows the name on every page
  return { ok: true, message: "Your name was saved." };
});

/** Records the picture the browser just uploaded to `<user id>/avatar.<ext>` as the user's avatar. */
export const saveAvatar = action(z.object({ path: z.string().max(200) }), async ({ path }, { supabase, user }) => {
  if (!isOwnAvatarPath(user.id, path)) throw new ActionError("That upload isn't your profile picture. Please try again.");
  const storage = supabase.storage.from(AVATAR_BUCKET);
  const { data: files, error: listError } = await storage.list(user.id);
  if (listError) throw new Error(`Could not list avatars of ${user.id}: ${listError.message}`);
  const fileName = path.slice(user.id.length + 1);
  const uploaded = files.find((file) => file.name === fileName);
  if (!uploaded) throw new ActionError("The upload didn't finish. Please choose the picture again.");

  // The version in the URL makes browsers fetch the new picture at the same path.
  const version = uploaded.updated_at ? Date.parse(uploaded.updated_at) : Date.now();
  const avatarUrl = `${storage.getPublicUrl(path).data.publicUrl}?v=${version}`;
  const { error } = await supabase.from("users").update({ avatar_url: avatarUrl }).eq("id", user.id);
  if (error) throw new Error(`Could not save the avatar of ${user.id}: ${error.message}`);

  // A picture of another type leaves its old file behind; remove it.
  const stale = files.filter((file) => file.name !== fileName && Object.values(AVATAR_TYPES).some((ext) => file.name === `avatar.${ext}`));
  if (stale.length > 0) await storage.remove(stale.map((file) => `${user.id}/${file.name}`));
  revalidatePath("/", "layout");
  return { ok: true, message: "Your picture was updated.", data: { avatarUrl } };
});

export const removeAvatar = action(z.object({}), async (_input, { supabase, user }) => {
  const storage = supabase.storage.from(AVATAR_BUCKET);
  const { error } = await supabase.from("users").update({ avatar_url: null }).eq("id", user.id);
  if (error) throw new Error(`Could not clear the avatar of ${user.id}: ${error.message}`);
  const { data: files } = await storage.list(user.id);
  if (files && files.length > 0) await storage.remove(files.map((file) => `${user.id}/${file.name}`));
  revalidatePath("/", "layout");
  return { ok: true, message: "Your picture was removed." };
});

export const changeEmail = action(changeEmailSchema, async ({ email }, { supabase, user }) => {
  if (email === user.email?.toLowerCase()) {
    throw new ActionError("That's already your email address.", { email: ["That's already your email address."] });
  }
  // The first of the two links lands with "confirm the other one" instead (see app/auth/confirm).
  const { error } = await supabase.auth.updateUser({ email }, { emailRedirectTo: confirmUrl("/settings?notice=email_changed") });
  if (error) throw authActionError(error, "change-email");
  return {
    ok: true,
    message: `We sent a confirmation link to ${email} and one to ${user.email}. Open both to finish the change; until then you keep signing in with your current address.`,
  };
});

export const changePassword = action(changePasswordSchema, async ({ currentPassword, newPassword }, { supabase, user }) => {
  if (!user.email) throw new ActionError("Your account has no email address, so it has no password to change.");
  const wrong = await verifyPassword(user.email, currentPassword);
  if (wrong) throw authActionError(wrong, "change-password");
  const { error } = await supabase.auth.updateUser({ password: newPassword });
  if (error) throw authActionError(error, "change-password");
  return { ok: true, message: "Your password was changed." };
});

export const deleteAccount = action(deleteAccountSchema, async ({ confirmation }, { supabase, user }) => {
  if (!confirmsDeletion(confirmation, user.email)) {
    const message = "Type your email address or DELETE exactly to confirm.";
    throw new ActionError(message, { confirmation: [message] });
  }
  await deleteAccountAndData(user.id);
  // The user is gone, so the Auth server refuses the logout call; signOut still clears the cookies.
  await supabase.auth.signOut({ scope: "local" });
  redirect("/login?notice=account_deleted");
});
