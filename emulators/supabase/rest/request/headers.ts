// The request headers PostgREST reads: Prefer, Accept, Range, and the
// profile headers that pick a schema (ApiRequest.hs, Preferences.hs, MediaType.hs).
import { invalidPreferences, mediaTypeError, unacceptableSchema } from "../errors.ts";

export interface Preferences {
  return: "minimal" | "representation" | "headers-only" | null;
  count: "exact" | "planned" | "estimated" | null;
  resolution: "merge-duplicates" | "ignore-duplicates" | null;
  missing: "default" | "null" | null;
  handling: "strict" | "lenient" | null;
  maxAffected: number | null;
  invalid: string[];
}

const CHOICES = {
  return: ["minimal", "representation", "headers-only"],
  count: ["exact", "planned", "estimated"],
  resolution: ["merge-duplicates", "ignore-duplicates"],
  missing: ["default", "null"],
  handling: ["strict", "lenient"],
} as const;

// `tx=commit|rollback` is accepted but not applied: hosted Supabase runs
// PostgREST without db-tx-end overrides, so it ignores the preference too.
const IGNORED = new Set(["tx=commit", "tx=rollback"]);

export function parsePreferences(header: string | undefined): Preferences {
  const prefs: Preferences = {
    return: null, count: null, resolution: null, missing: null, handling: null, maxAffected: null, invalid: [],
  };
  const values = (header ?? "").split(",").map((v) => v.trim()).filter(Boolean);
  for (const value of values) {
    const eq = value.indexOf("=");
    const key = eq === -1 ? value : value.slice(0, eq);
    const val = eq === -1 ? "" : value.slice(eq + 1);
    if (key in CHOICES) {
      const name = key as keyof typeof CHOICES;
      const allowed = CHOICES[name] as readonly string[];
      if (allowed.includes(val)) {
        // The first occurrence wins, as in PostgREST.
        (prefs as unknown as Record<string, unknown>)[name] ??= val;
        continue;
      }
    } else if (key === "max-affected" && /^\d+$/.test(val)) {
      prefs.maxAffected ??= Number(val);
      continue;
    } else if (IGNORED.has(value)) {
      continue;
    }
    prefs.invalid.push(value);
  }
  if (prefs.handling === "strict" && prefs.invalid.length > 0) throw invalidPreferences(prefs.invalid);
  return prefs;
}

/** The Preference-Applied header PostgREST sends back. */
export function appliedPreferences(prefs: Preferences, include: (keyof typeof CHOICES)[]): string | null {
  const applied: string[] = [];
  for (const key of ["resolution", "missing", "return", "count", "handling"] as const) {
    const value = prefs[key];
    if (value && include.includes(key)) applied.push(`${key}=${value}`);
  }
  if (prefs.handling === "strict" && prefs.maxAffected !== null) applied.push(`max-affected=${prefs.maxAffected}`);
  return applied.length ? applied.join(", ") : null;
}

export type ResponseMedia =
  | { kind: "json"; stripNulls: boolean }
  | { kind: "object"; stripNulls: boolean }
  | { kind: "csv" };

interface AcceptEntry {
  raw: string;
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseAccept(header: string): AcceptEntry[] {
  const entries = header.split(",").map((part, index) => {
    const [mime = "", ...rawParams] = part.split(";").map((p) => p.trim());
    const params = new Map<string, string>();
    for (const p of rawParams) {
      const eq = p.indexOf("=");
      if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
    }
    const q = Number(params.get("q") ?? "1");
    return { raw: mime, type: mime.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, index };
  });
  return entries.filter((e) => e.raw && e.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
}

/** Picks the first acceptable media type, or 406 PGRST107. */
export function negotiateMedia(accept: string | undefined): ResponseMedia {
  if (!accept?.trim()) return { kind: "json", stripNulls: false };
  const entries = parseAccept(accept);
  for (const entry of entries) {
    const stripNulls = entry.params.get("nulls") === "stripped";
    switch (entry.type) {
      case "application/json":
      case "*/*":
        return { kind: "json", stripNulls: false };
      case "application/vnd.pgrst.object+json":
      case "application/vnd.pgrst.object":
        return { kind: "object", stripNulls };
      case "application/vnd.pgrst.array+json":
      case "application/vnd.pgrst.array":
        return { kind: "json", stripNulls };
      case "text/csv":
        return { kind: "csv" };
    }
  }
  throw mediaTypeError(entries.length ? entries.map((e) => e.raw) : [accept]);
}

export function contentTypeFor(media: ResponseMedia): string {
  if (media.kind === "csv") return "text/csv; charset=utf-8";
  if (media.kind === "object") {
    return `application/vnd.pgrst.object+json${media.stripNulls ? "; nulls=stripped" : ""}; charset=utf-8`;
  }
  return media.stripNulls ? "application/vnd.pgrst.array+json; nulls=stripped; charset=utf-8" : "application/json; charset=utf-8";
}

/**
 * The schema a request targets: Accept-Profile for reads, Content-Profile for
 * writes, else the first exposed schema. `negotiated` says whether to echo
 * Content-Profile (PostgREST does when more than one schema is exposed).
 */
export function requestSchema(
  method: string,
  header: (name: string) => string | undefined,
  exposed: string[],
): { schema: string; negotiated: boolean } {
  const isWrite = ["POST", "PATCH", "PUT", "DELETE"].includes(method);
  const profile = header(isWrite ? "content-profile" : "accept-profile");
  if (profile !== undefined) {
    if (!exposed.includes(profile)) throw unacceptableSchema(profile, exposed);
    return { schema: profile, negotiated: true };
  }
  return { schema: exposed[0] ?? "public", negotiated: exposed.length !== 1 };
}

/** `Range: 0-9` (GET only), as an offset and an optional limit; null when absent or malformed. */
export function parseRangeHeader(header: string | undefined): { offset: number; limit: number | null } | null {
  const match = header ? /^(\d+)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null;
  const from = Number(match[1]);
  if (match[2] === "") return { offset: from, limit: null };
  const to = Number(match[2]);
  return { offset: from, limit: to - from + 1 };
}
