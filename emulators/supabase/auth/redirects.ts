// Where GoTrue may send a browser back to: the site URL, loopback addresses, and
// additional_redirect_urls, which are gobwas/glob patterns compiled with '.' and
// '/' as separators (so `*` stops at a dot or slash and `**` does not).
// See GoTrue internal/utilities/request.go IsRedirectURLValid.
import type { Context } from "hono";
import type { AuthSettings } from "./settings.ts";

const SEPARATORS = "./";
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** Compiles one gobwas/glob pattern (`*`, `**`, `?`, `[abc]`, `[!a-z]`, `{a,b}`, `\x`) to an anchored RegExp. */
export function compileRedirectPattern(pattern: string): RegExp {
  const notSeparator = `[^${escapeRegExp(SEPARATORS)}]`;
  let out = "";
  let depth = 0; // inside {…} alternatives
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) {
      out += escapeRegExp(pattern[++i]!);
    } else if (ch === "*") {
      if (pattern[i + 1] === "*") {
        out += ".*";
        i++;
      } else {
        out += `${notSeparator}*`;
      }
    } else if (ch === "?") {
      out += notSeparator;
    } else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end === -1) {
        out += "\\[";
      } else {
        let body = pattern.slice(i + 1, end);
        const negated = body.startsWith("!");
        if (negated) body = body.slice(1);
        out += `[${negated ? "^" : ""}${body.replace(/[\\\]^]/g, "\\$&")}]`;
        i = end;
      }
    } else if (ch === "{") {
      depth++;
      out += "(?:";
    } else if (ch === "}" && depth > 0) {
      depth--;
      out += ")";
    } else if (ch === "," && depth > 0) {
      out += "|";
    } else {
      out += escapeRegExp(ch);
    }
  }
  return new RegExp(`^${out}$`);
}

function isLoopbackHost(hostname: string): boolean {
  return /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === "::1";
}

function isLocalhost(hostname: string): boolean {
  return ["localhost", "127.0.0.1", "::1", "0.0.0.0", "::"].includes(hostname.toLowerCase());
}

/**
 * Scheme, host and port as Go's url.Parse reads them: taken from the text as
 * written, without WHATWG normalisation (which would turn http://2130706433/
 * into 127.0.0.1 and so let a decimal IP through).
 */
function parseUrl(raw: string): { scheme: string; hostname: string; port: string } | null {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?/.exec(raw);
  if (!match) return null;
  const authority = (match[2] ?? "").replace(/^.*@/, "");
  const host = /^\[([^\]]*)\](?::(\d*))?$/.exec(authority) ?? /^([^:]*)(?::(\d*))?$/.exec(authority);
  if (!host) return null;
  return { scheme: match[1]!.toLowerCase(), hostname: host[1] ?? "", port: host[2] ?? "" };
}

export function isRedirectUrlValid(settings: AuthSettings, redirectUrl: string): boolean {
  if (!redirectUrl) return false;
  const base = parseUrl(settings.siteUrl);
  const target = parseUrl(redirectUrl);
  if (!base || !target) return false;

  // Back to the site itself; any port on loopback, as RFC 8252 asks for native apps.
  if (base.hostname === target.hostname && base.scheme === target.scheme && (base.port === target.port || isLocalhost(target.hostname))) {
    return true;
  }
  const isHttp = target.scheme === "http" || target.scheme === "https";
  if (/^[0-9]+$/.test(target.hostname)) return false; // an IP address written as one decimal number
  if (/^[\d.]+$/.test(target.hostname) || target.hostname.includes(":")) return isLoopbackHost(target.hostname);
  if (isHttp && !/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(target.hostname)) return false;

  const withoutFragment = redirectUrl.split("#")[0]!;
  return settings.redirectAllowList.some((pattern) => pattern.test(withoutFragment));
}

/**
 * GoTrue's GetReferrer: the `redirect_to` query parameter (or header), else the
 * Referer header, when allowed; else the site URL.
 */
export function referrer(c: Context, settings: AuthSettings): string {
  const requested = c.req.header("redirect_to") ?? c.req.query("redirect_to") ?? "";
  if (isRedirectUrlValid(settings, requested)) return requested;
  const header = c.req.header("referer") ?? "";
  if (isRedirectUrlValid(settings, header)) return header;
  return settings.siteUrl;
}

/** GoTrue's encodeRedirectURL: escaped only when it carries `&`, `=` or `#` unescaped. */
export function encodeRedirectParam(url: string): string {
  return /[&=#]/.test(url) ? encodeQueryComponent(url) : url;
}

/** Go's url.QueryEscape: spaces become '+', everything but unreserved characters is %-escaped. */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");
}

/** Go's url.Values.Encode: keys sorted, values escaped with QueryEscape. */
export function encodeValues(values: Record<string, string>): string {
  return Object.keys(values)
    .sort()
    .map((key) => `${encodeQueryComponent(key)}=${encodeQueryComponent(values[key]!)}`)
    .join("&");
}

/**
 * Sets query parameters and/or the fragment of a URL without normalising the
 * rest of it (JS's URL would add a trailing slash that Go's url.String() does not).
 */
export function rewriteUrl(raw: string, change: { query?: Record<string, string>; fragment?: string }): string {
  const hashAt = raw.indexOf("#");
  const beforeFragment = hashAt === -1 ? raw : raw.slice(0, hashAt);
  const oldFragment = hashAt === -1 ? undefined : raw.slice(hashAt + 1);
  const queryAt = beforeFragment.indexOf("?");
  const base = queryAt === -1 ? beforeFragment : beforeFragment.slice(0, queryAt);
  let query = queryAt === -1 ? "" : beforeFragment.slice(queryAt + 1);
  if (change.query) {
    const merged: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(query)) merged[key] = value;
    query = encodeValues({ ...merged, ...change.query });
  }
  const fragment = change.fragment ?? oldFragment;
  return `${base}${query ? `?${query}` : ""}${fragment !== undefined ? `#${fragment}` : ""}`;
}
