// `next` parameters come from URLs anyone can craft. Only a same-site path is
// honoured; anything else (other hosts, protocol-relative `//x`, `/\x` which
// browsers treat as `//x`, control characters browsers strip, dot segments that
// normalise to `//x`) falls back.
export const DEFAULT_AFTER_SIGN_IN = "/dashboard";

const BASE = "http://same-site.invalid";

export function safeNextPath(next: unknown, fallback: string = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  // Backslashes and control characters (tab, newline…) are normalised away by
  // browsers, turning `/\evil.com` or `/\t/evil.com` into `//evil.com`.
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback;
  }
  if (decoded.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE) return fallback;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments collapse while parsing: `/.//evil.com` or `/a/%2e%2e//evil.com`
    // come out as `//evil.com`, which a browser reads as another host.
    return path.startsWith("//") ? fallback : path;
  } catch {
    return fallback;
  }
}
