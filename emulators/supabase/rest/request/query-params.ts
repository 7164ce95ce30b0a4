// Sorts a query string into PostgREST's parameter kinds (QueryParams.parse):
// `select`, `columns`, `on_conflict` are reserved; keys ending in `order`,
// `limit`, `offset`, `and`, `or` apply to the root or to an embed named by the
// key's prefix; every other key is a filter (or, for GET /rpc, an argument).
import { columnList, runParser } from "./cursor.ts";
import { parseFilterValue, parseLogic, parseTreePath, tryParseFilterValue } from "./filter-parser.ts";
import { parseOrder } from "./order-parser.ts";
import { parseSelect } from "./select-parser.ts";
import type { EmbedPath, Filter, LogicTree, OrderTerm, SelectItem } from "./types.ts";

export interface QueryParams {
  select: SelectItem[];
  /** Filters with the embed path they apply to ([] = root). */
  filters: { path: EmbedPath; filter: Filter }[];
  logic: { path: EmbedPath; tree: LogicTree }[];
  order: { path: EmbedPath; terms: OrderTerm[] }[];
  /** Limits and offsets keyed by embed path joined with "." ("" = root). */
  limits: Map<string, { limit: number | null; offset: number | null }>;
  columns: string[] | null;
  onConflict: string[] | null;
  /** GET /rpc: parameters whose value is not an operator expression. */
  rpcArgs: Map<string, string>;
  /** The query string sorted by key, for the Content-Location header. */
  canonical: string;
}

/** Splits a raw query string keeping `a` (no value, ignored) apart from `a=` (empty value). */
export function splitQueryString(raw: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of raw.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    pairs.push([decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return pairs;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

const RESERVED = new Set(["select", "columns", "on_conflict"]);
const EMBEDDABLE = new Set(["order", "limit", "offset", "and", "or"]);

function lastSegment(key: string): string {
  const dot = key.lastIndexOf(".");
  return dot === -1 ? key : key.slice(dot + 1);
}

function parseInteger(value: string): number | null {
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

export function parseQueryParams(raw: string, isRpcRead: boolean): QueryParams {
  // `apikey` in the query string is the gateway's, never a filter.
  const pairs = splitQueryString(raw).filter(([key]) => key !== "apikey");
  const lookup = (name: string) => pairs.find(([key]) => key === name)?.[1];
  const result: QueryParams = {
    select: parseSelect(lookup("select") ?? "*"),
    filters: [],
    logic: [],
    order: [],
    limits: new Map(),
    columns: null,
    onConflict: null,
    rpcArgs: new Map(),
    canonical: pairs
      .slice()
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join("&"),
  };
  const columns = lookup("columns");
  if (columns !== undefined) result.columns = runParser("columns parameter", columns, columnList);
  const onConflict = lookup("on_conflict");
  if (onConflict !== undefined) result.onConflict = runParser("on_conflict parameter", onConflict, columnList);

  for (const [key, value] of pairs) {
    if (RESERVED.has(key)) continue;
    const last = lastSegment(key);
    if (!EMBEDDABLE.has(last)) {
      const { path, field } = parseTreePath(key);
      const parsed = isRpcRead ? tryParseFilterValue(value) : parseFilterValue(value);
      if (parsed) result.filters.push({ path, filter: { field, ...parsed } });
      else if (path.length === 0 && field.jsonPath.length === 0) result.rpcArgs.set(field.name, value);
      continue;
    }
    if (last === "and" || last === "or") {
      result.logic.push(parseLogic(key, value));
      continue;
    }
    const path = key === last ? [] : parseTreePath(key).path;
    if (last === "order") {
      result.order.push({ path, terms: parseOrder(value) });
      continue;
    }
    // Like PostgREST, a limit or offset that is no integer is ignored.
    const slot = path.join(".");
    const entry = result.limits.get(slot) ?? { limit: null, offset: null };
    entry[last === "limit" ? "limit" : "offset"] = parseInteger(value);
    result.limits.set(slot, entry);
  }
  return result;
}
