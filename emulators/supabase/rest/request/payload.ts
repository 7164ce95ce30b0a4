// The JSON body of a write or a POST /rpc (getPayload in PostgREST's
// ApiRequest.hs): an object or an array of objects with the same keys, unless
// `columns=` names the keys, in which case the body goes to Postgres as is.
import { invalidBody } from "../errors.ts";

export interface Payload {
  /** The body text handed to Postgres. */
  raw: string;
  isArray: boolean;
  /** The keys that become columns (or function arguments). */
  keys: string[];
}

function firstNonSpace(text: string): string {
  return /\S/.exec(text)?.[0] ?? "";
}

export function parsePayload(raw: string, columns: string[] | null, emptyMeansObject: boolean): Payload {
  if (columns !== null) return { raw, isArray: firstNonSpace(raw) !== "{", keys: columns };
  if (raw.trim() === "" && emptyMeansObject) return { raw: "{}", isArray: false, keys: [] };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidBody("Empty or invalid json");
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { raw, isArray: true, keys: [] };
    const first: unknown = value[0];
    if (!first || typeof first !== "object" || Array.isArray(first)) throw invalidBody("All object keys must match");
    const keys = Object.keys(first).sort();
    const signature = keys.join("\u0000");
    const uniform = value.every(
      (row: unknown) => !!row && typeof row === "object" && !Array.isArray(row) && Object.keys(row).sort().join("\u0000") === signature,
    );
    if (!uniform) throw invalidBody("All object keys must match");
    return { raw, isArray: true, keys };
  }
  if (value && typeof value === "object") return { raw, isArray: false, keys: Object.keys(value).sort() };
  // Any other JSON value is taken as an empty array, as PostgREST does.
  return { raw: "[]", isArray: true, keys: [] };
}
