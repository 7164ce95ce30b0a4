// Request bodies as GoTrue reads them: JSON into a struct, unknown fields
// ignored, `null` meaning "not given", and a body that is not JSON (or has a
// field of the wrong type) refused with 400 bad_json before anything is written.
import type { Context } from "hono";
import { z } from "zod";
import { badRequest } from "./errors.ts";

/** A Go `string` field: null or absent reads as "". */
export const text = z
  .string()
  .nullish()
  .transform((value) => value ?? "");

/** A Go `*string` field: absent or null stays undefined, "" is kept. */
export const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

/** A Go `bool` field: null or absent reads as false. */
export const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);

/** A Go `map[string]interface{}` field: absent or null stays undefined. */
export const jsonObject = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((value) => value ?? undefined);

export async function readParams<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.output<Schema>> {
  return parseParams(await c.req.text(), schema);
}

function parseParams<Schema extends z.ZodType>(raw: string, schema: Schema): z.output<Schema> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    const reason = raw.trim() === "" ? "unexpected end of JSON input" : (error as Error).message;
    throw badRequest("bad_json", `Could not parse request body as JSON: ${reason}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? "array" : parsed === null ? "null" : typeof parsed;
    throw badRequest("bad_json", `Could not parse request body as JSON: cannot unmarshal ${kind} into an object`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "body";
    throw badRequest("bad_json", `Could not parse request body as JSON: field "${field}": ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** Like readParams, but an empty body is fine (GoTrue's DELETE /admin/users/{id}). */
export async function readOptionalParams<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.output<Schema>> {
  const raw = await c.req.text();
  return raw.trim() === "" ? schema.parse({}) : parseParams(raw, schema);
}

/** GoTrue's r.FormValue: query string first, then a urlencoded body. */
export function queryValue(c: Context, name: string): string {
  return c.req.query(name) ?? "";
}

// checkmail.ValidateFormat, which GoTrue's validateEmail uses.
const EMAIL_FORMAT =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** GoTrue's validateEmail: required, at most 255 characters, well formed; returned lowercased. */
export function validateEmail(email: string): string {
  if (email === "") throw badRequest("validation_failed", "An email address is required");
  if (email.length > 255) throw badRequest("validation_failed", "An email address is too long");
  if (!EMAIL_FORMAT.test(email)) throw badRequest("validation_failed", "Unable to validate email address: invalid format");
  return email.toLowerCase();
}

/** GoTrue's validatePhone: E.164 digits, a leading '+' and spaces dropped. */
export function validatePhone(phone: string): string {
  const formatted = phone.replace(/^\+/, "").replaceAll(" ", "");
  if (!/^[1-9]\d{1,14}$/.test(formatted)) throw badRequest("validation_failed", "Invalid phone number format (E.164 required)");
  return formatted;
}

const DURATION_UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration ("24h", "1h30m", "90s"), in milliseconds; null when malformed. */
export function parseGoDuration(value: string): number | null {
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(value);
  if (value === "0") return 0;
  if (!match) return null;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * DURATION_UNITS_MS[unit!]!;
  }
  return match[1] === "-" ? -total : total;
}
