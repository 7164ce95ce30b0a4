// The transaction-local settings PostgREST applies before a request's query
// (setPgLocals in Query.hs): search_path, the role's own settings (such as
// statement_timeout), the role itself, request.jwt.claims, request.method,
// request.path, request.headers and request.cookies. All values are bound.
import { ident } from "./sql/params.ts";
import type { Statement } from "./sql/statement.ts";

export interface RequestSettings {
  role: string;
  claims: Record<string, unknown>;
  method: string;
  /** The path as PostgREST sees it, e.g. `/todos` or `/rpc/fn`. */
  path: string;
  headers: Headers;
  /** The request schema first, then config.api.extra_search_path. */
  searchPath: string[];
  roleSettings: [string, string][];
  readOnly: boolean;
}

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}

export function settingsStatement(settings: RequestSettings): Statement {
  const values: string[] = [];
  const bind = (value: string) => {
    values.push(value);
    return `$${values.length}`;
  };
  const headers: Record<string, string> = {};
  settings.headers.forEach((value, name) => {
    if (name !== "cookie") headers[name] = value;
  });
  const calls = [`set_config('search_path', ${bind(settings.searchPath.map(ident).join(", "))}, true)`];
  // Role settings go before the role, so settings only the login role may change still apply.
  for (const [name, value] of settings.roleSettings) calls.push(`set_config(${bind(name)}, ${bind(value)}, true)`);
  calls.push(
    `set_config('role', ${bind(settings.role)}, true)`,
    `set_config('request.jwt.claims', ${bind(JSON.stringify(settings.claims))}, true)`,
    `set_config('request.method', ${bind(settings.method)}, true)`,
    `set_config('request.path', ${bind(settings.path)}, true)`,
    `set_config('request.headers', ${bind(JSON.stringify(headers))}, true)`,
    `set_config('request.cookies', ${bind(JSON.stringify(parseCookies(settings.headers.get("cookie"))))}, true)`,
  );
  if (settings.readOnly) calls.push("set_config('transaction_read_only', 'on', true)");
  return { text: `select ${calls.join(", ")}`, values };
}
