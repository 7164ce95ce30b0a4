import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, test } from "vitest";
import { changePasswordSchema, confirmsDeletion, PASSWORD_MIN_LENGTH, resetPasswordSchema, signInSchema, signUpSchema } from "./schema";

test("the form's password rule is the Auth server's (supabase/config.toml)", () => {
  const config = parse(readFileSync("supabase/config.toml", "utf8")) as { auth: { minimum_password_length: number } };
  expect(PASSWORD_MIN_LENGTH).toBe(config.auth.minimum_password_length);
});

describe("signUpSchema", () => {
  test("normalises the email and drops an empty name", () => {
    expect(signUpSchema.parse({ name: "  ", email: "  Ada@Example.COM ", password: "12345678" })).toEqual({
      name: undefined, email: "ada@example.com", password: "12345678",
    });
  });

  test("says what is wrong with each field", () => {
    const result = signUpSchema.safeParse({ email: "not-an-email", password: "short" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toEqual({
      email: "Enter a valid email address, like you@example.com.",
      password: "That password is too short. Use at least 8 characters.",
    });
  });

  test("a missing email asks for one", () => {
    expect(signInSchema.safeParse({ password: "x" }).error?.issues[0]?.message).toBe("Enter your email address.");
  });
});

test("reset and change password require the confirmation to match", () => {
  expect(resetPasswordSchema.safeParse({ password: "12345678", confirmPassword: "12345679" }).error?.issues[0]).toMatchObject({
    path: ["confirmPassword"], message: "The two passwords don't match.",
  });
  expect(changePasswordSchema.safeParse({ currentPassword: "12345678", newPassword: "12345678", confirmPassword: "12345678" }).error?.issues[0]).toMatchObject({
    path: ["newPassword"],
  });
});

test("deleting an account is confirmed by the exact word DELETE or the account's email", () => {
  expect(confirmsDeletion("DELETE", "ada@example.com")).toBe(true);
  expect(confirmsDeletion(" Ada@Example.com ", "ada@example.com")).toBe(true);
  expect(confirmsDeletion("delete", "ada@example.com")).toBe(false);
  expect(confirmsDeletion("bob@example.com", "ada@example.com")).toBe(false);
  expect(confirmsDeletion("", undefined)).toBe(false);
});
