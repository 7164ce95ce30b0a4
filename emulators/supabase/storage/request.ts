// Request bodies and query strings, parsed with zod and refused in the words
// Storage's JSON-schema validation (Fastify + Ajv) uses, e.g.
// "body must have required property 'name'" or "body/expiresIn must be >= 1".
import { z } from "zod";
import { ERRORS } from "./errors.ts";

function ajvMessage(issue: z.core.$ZodIssue, where: string): string {
  const parents = issue.path.slice(0, -1).map(String);
  const key = issue.path.at(-1);
  const at = [where, ...issue.path.map(String)].join("/");
  switch (issue.code) {
    case "invalid_type":
      if (!("input" in issue) && key !== undefined) {
        return `${[where, ...parents].join("/")} must have required property '${String(key)}'`;
      }
      return `${at} must be ${issue.expected === "int" ? "integer" : issue.expected}`;
    case "too_small":
      return issue.origin === "array"
        ? `${at} must NOT have fewer than ${String(issue.minimum)} items`
        : `${at} must be >= ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array"
        ? `${at} must NOT have more than ${String(issue.maximum)} items`
        : `${at} must be <= ${String(issue.maximum)}`;
    case "invalid_value":
      return `${at} must be equal to one of the allowed values`;
    default:
      return `${at} ${issue.message}`;
  }
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "querystring"): z.infer<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw ERRORS.validation(first ? ajvMessage(first, where) : `${where} is invalid`);
}

/** A JSON body as Fastify reads it; routes that allow an empty body pass `emptyAs`. */
export async function readJson(request: Request, emptyAs?: unknown): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "") {
    if (emptyAs !== undefined) return emptyAs;
    throw ERRORS.validation("Body cannot be empty when content-type is set to 'application/json'");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw ERRORS.validation("Body is not valid JSON but content-type is set to 'application/json'");
  }
}

/** Storage's file_size_limit: a non-negative integer or a string like "20MB", or null. */
export const fileSizeLimitSchema = z.union([
  z.number().int().min(0),
  z.string().regex(/^[0-9]+(?:\.[0-9]+)?(?:[gG][bB]|[mM][bB]|[kK][bB]|[bB])$/),
  z.null(),
]);

/** `x-metadata`: base64 of a JSON object; undecodable values are ignored, as Storage does. */
export function parseUserMetadataHeader(value: string | undefined): Record<string, unknown> | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
