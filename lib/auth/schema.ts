// What the auth and account forms accept. The password rule mirrors
// supabase/config.toml [auth] minimum_password_length (a unit test keeps them
// equal); the Auth server enforces it again and its message is shown if they
// ever differ on a hosted project.
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 8;
/** GoTrue refuses passwords longer than bcrypt's 72-byte input. */
export const PASSWORD_MAX_LENGTH = 72;
export const PASSWORD_RULE = `Use at least ${PASSWORD_MIN_LENGTH} characters.`;

export const NAME_MAX_LENGTH = 100;

const email = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like you@example.com."))
  .transform((value) => value.toLowerCase());

const newPassword = z
  .string({ error: "Choose a password." })
  .min(1, "Choose a password.")
  .min(PASSWORD_MIN_LENGTH, `That password is too short. ${PASSWORD_RULE}`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

const currentPassword = z.string({ error: "Enter your password." }).min(1, "Enter your password.");

/** An optional `next` path; sanitised again where it is used. */
const next = z.string().max(2048).optional();

export const signUpSchema = z.object({
  name: z
    .string()
    .trim()
    .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters.`)
    .optional()
    .transform((value) => value || undefined),
  email,
  password: newPassword,
});

export const signInSchema = z.object({ email, password: currentPassword, next });

export const emailOnlySchema = z.object({ email });

export const resetPasswordSchema = z
  .object({ password: newPassword, confirmPassword: z.string() })
  .refine((input) => input.password === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords don't match.",
  });

export const profileSchema = z.object({
  name: z
    .string({ error: "Enter your name." })
    .trim()
    .min(1, "Enter your name.")
    .max(NAME_MAX_LENGTH, `Use at most ${NAME_MAX_LENGTH} characters.`),
});

export const changeEmailSchema = z.object({ email });

export const changePasswordSchema = z
  .object({ currentPassword, newPassword, confirmPassword: z.string() })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords don't match.",
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });

/** The typed confirmation: checked against the user's email in the action. */
export const deleteAccountSchema = z.object({
  confirmation: z.string({ error: "Type your email address or DELETE to confirm." }).trim().min(1, "Type your email address or DELETE to confirm."),
});

/** True when what the user typed confirms deleting the account of `email`. */
export function confirmsDeletion(typed: string, email: string | undefined): boolean {
  const value = typed.trim();
  return value === "DELETE" || (Boolean(email) && value.toLowerCase() === email!.toLowerCase());
}
