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
export function appliedPreferences(prefs: Preferences, include: (keyof typeof CHOICES | "max-affected")[]): string | null {
  const applied: string[] = [];
  for (const key of ["resolution", "missing", "return", "count", "handling"] as const) {
    const value = prefs[key];
    if (value && include.includes(key)) applied.push(`${key}=${value}`);
  }
  if (include.includes("max-affected") && prefs.handling === "strict" && prefs.maxAffected !== null) applied.push(`max-affected=${prefs.maxAffected}`);
  return applied.length ? applied.join(", ") : null;
}

export type ResponseMedia =
  | { kind: "json"; stripNulls: boolean }
  | { kind: "object"; stripNulls: boolean }
  | { kind: "csv" };

interface AcceptEntry {
  /** The entry as PostgREST keeps it: spaces removed, `;q=...` and what follows cut off. */
  raw: string;
  type: string;
  params: Map<string, string>;
}

/**
 * wai's parseHttpAccept: strips every space, cuts `;q=` off each entry, and
 * sorts by quality, then by the number of parameters (more specific first),
 * then by fewer `*`; equal entries keep their order.
 */
function parseAccept(header: string): AcceptEntry[] {
  const entries = header.split(",").map((part, index) => {
    const compact = part.replace(/ /g, "");
    const qAt = compact.indexOf(";q=");
    const raw = qAt === -1 ? compact : compact.slice(0, qAt);
    const q = qAt === -1 ? 1 : Number(compact.slice(qAt + 3).split(";")[0]);
    const [mime = "", ...rawParams] = raw.split(";");
    const params = new Map<string, string>();
    for (const p of rawParams) {
      const eq = p.indexOf("=");
      if (eq > 0) params.set(p.slice(0, eq).toLowerCase(), p.slice(eq + 1).replace(/^"(.*)"$/, "$1"));
    }
    const count = (c: string) => raw.split(c).length - 1;
    return { raw, type: mime.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, index, semicolons: count(";"), stars: count("*") };
  });
  return entries
    .filter((e) => e.raw)
    .sort((a, b) => b.q - a.q || b.semicolons - a.semicolons || a.stars - b.stars || a.index - b.index);
}

const PLAN_OPTIONS = ["analyze", "verbose", "settings", "buffers", "wal"];
const CANONICAL_MIME: Record<string, string> = {
  "application/json": "application/json",
  "application/geo+json": "application/geo+json",
  "text/csv": "text/csv",
  "text/plain": "text/plain",
  "text/xml": "text/xml",
  "application/openapi+json": "application/openapi+json",
  "application/x-www-form-urlencoded": "application/x-www-form-urlencoded",
  "application/octet-stream": "application/octet-stream",
  "*/*": "*/*",
};

/** How PostgREST names a media type it cannot produce (toMime . decodeMediaType in MediaType.hs). */
function mimeName(raw: string, type: string, params: Map<string, string>): string {
  const canonical = CANONICAL_MIME[type];
  if (canonical) return canonical;
  const stripped = params.get("nulls") === "stripped";
  if (type === "application/vnd.pgrst.object+json" || type === "application/vnd.pgrst.object") {
    return `application/vnd.pgrst.object+json${stripped ? ";nulls=stripped" : ""}`;
  }
  if (type === "application/vnd.pgrst.array+json" || type === "application/vnd.pgrst.array") {
    return stripped ? "application/vnd.pgrst.array+json;nulls=stripped" : "application/json";
  }
  const plan = /^application\/vnd\.pgrst\.plan(\+text|\+json)?$/.exec(type);
  if (plan) {
    const forRaw = params.get("for") ?? "application/json";
    const [forType = "", ...forParams] = forRaw.split(";");
    const forMap = new Map(forParams.map((p) => [p.slice(0, p.indexOf("=")).toLowerCase(), p.slice(p.indexOf("=") + 1)] as [string, string]));
    const given = (params.get("options") ?? "").split("|");
    const options = PLAN_OPTIONS.filter((o) => given.includes(o));
    const format = plan[1] === "+json" ? "json" : "text";
    return `application/vnd.pgrst.plan+${format}; for="${mimeName(forRaw, forType.toLowerCase(), forMap)}"${options.length ? `; options=${options.join("|")}` : ""}`;
  }
  return raw;
}

/**
 * Picks the first acceptable media type, or 406 PGRST107. EXPLAIN output
 * (vnd.pgrst.plan) is never available: hosted Supabase runs PostgREST with
 * db-plan-enabled off.
 */
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
  throw mediaTypeError(entries.map((e) => mimeName(e.raw, e.type, e.params)));
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
