// Passwords as GoTrue stores them: bcrypt (cost 10) in auth.users.encrypted_password,
// so rows seeded with pgcrypto's crypt(pw, gen_salt('bf')) sign in as well.
import bcrypt from "bcryptjs";
import { badRequest, WeakPasswordError } from "./errors.ts";
import type { AuthSettings } from "./settings.ts";

const BCRYPT_COST = 10;
/** bcrypt only reads the first 72 bytes, so GoTrue refuses longer passwords. */
const MAX_PASSWORD_LENGTH = 72;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export async function passwordMatches(hash: string | null, password: string): Promise<boolean> {
  if (!hash || !/^\$2[abxy]?\$\d\d\$/.test(hash)) return false;
  return bcrypt.compare(password, hash);
}

/** GoTrue's checkPasswordStrength: too long is 400; too short or missing a character class is 422 weak_password. */
export function checkPasswordStrength(settings: AuthSettings, password: string): void {
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw badRequest("validation_failed", `Password cannot be longer than ${MAX_PASSWORD_LENGTH} characters`);
  }
  const reasons: string[] = [];
  const messages: string[] = [];
  if (password.length < settings.minPasswordLength) {
    reasons.push("length");
    messages.push(`Password should be at least ${settings.minPasswordLength} characters.`);
  }
  const missesASet = settings.requiredCharacters.some((set) => ![...set].some((ch) => password.includes(ch)));
  if (missesASet) {
    reasons.push("characters");
    messages.push(`Password should contain at least one character of each: ${settings.requiredCharacters.join(", ")}.`);
  }
  if (reasons.length > 0) throw new WeakPasswordError(messages.join(" "), reasons);
}
