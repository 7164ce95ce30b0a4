// The small router the Storage emulator uses instead of Hono's: Storage's
// routes end in a wildcard object key that may contain encoded slashes, and
// static segments (`list`, `sign`, `public`, ...) must win over bucket names,
// so routes are matched in order against the still-encoded path and only the
// captured bucket and key are decoded.
import type { EmulatorContext } from "../context.ts";
import type { BlobStore } from "./blobs.ts";
import { ERRORS } from "./errors.ts";

export interface StorageRequest {
  ctx: EmulatorContext;
  blobs: BlobStore;
  /** config.toml's `[storage] file_size_limit` in bytes: the cap above every bucket's own limit. */
  globalSizeLimit: number;
  raw: Request;
  method: string;
  /** Path below /storage/v1, still percent-encoded, e.g. `/object/avatars/a%20b.png`. */
  path: string;
  query: URLSearchParams;
  bucket: string;
  key: string;
  header(name: string): string | undefined;
}

export type Handler = (request: StorageRequest) => Promise<Response>;

export interface Route {
  method: "GET" | "HEAD" | "POST" | "PUT" | "DELETE";
  pattern: RegExp;
  handler: Handler;
}

/** A route pattern: `:bucket` is one segment, `*` the rest of the path (the object key). */
export function route(method: Route["method"], template: string, handler: Handler): Route {
  const source = template
    .split("/")
    .map((part) => (part === ":bucket" ? "(?<bucket>[^/]+)" : part === "*" ? "(?<key>.*)" : part))
    .join("/");
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

function decode(value: string | undefined, what: "bucket" | "key"): string {
  if (value === undefined) return "";
  try {
    return decodeURIComponent(value);
  } catch {
    throw what === "key" ? ERRORS.invalidKey(value) : ERRORS.invalidBucketName();
  }
}

export function matchRoute(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; bucket: string; key: string } | null {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    return { route: candidate, bucket: decode(match.groups?.bucket, "bucket"), key: decode(match.groups?.key, "key") };
  }
  return null;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
