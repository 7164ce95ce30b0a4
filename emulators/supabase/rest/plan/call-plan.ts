// `rpc/<fn>`: pick the overload whose parameter names match the arguments
// (findProc in PostgREST's Plan.hs), then read its result like a relation so
// filters, order, limits and embeds apply to set-returning functions.
import { RestError } from "../errors.ts";
import type { Preferences, ResponseMedia } from "../request/headers.ts";
import type { Payload } from "../request/payload.ts";
import type { QueryParams } from "../request/query-params.ts";
import type { Range } from "../request/types.ts";
import { closestMatch } from "../schema/fuzzy.ts";
import type { Routine, SchemaCache } from "../schema/types.ts";
import { qualified } from "../schema/types.ts";
import type { ResultShape } from "../sql/body.ts";
import { type CallArguments, callSql } from "../sql/call.ts";
import { ident, type Params } from "../sql/params.ts";
import { callStatement, type Statement } from "../sql/statement.ts";
import { buildReadPlan } from "./read-plan.ts";

function matchesArguments(routine: Routine, keys: Set<string>): boolean {
  const required = routine.params.filter((p) => p.required).map((p) => p.name);
  const optional = new Set(routine.params.filter((p) => !p.required).map((p) => p.name));
  if (routine.params.length === 0) return keys.size === 0;
  const remaining = [...keys].filter((k) => !optional.has(k));
  return remaining.length === required.length && required.every((r) => keys.has(r));
}

function takesWholeBody(routine: Routine, isPost: boolean): boolean {
  const [only] = routine.params;
  return isPost && routine.params.length === 1 && only?.name === "" && (only.type === "json" || only.type === "jsonb");
}

function noFunction(cache: SchemaCache, schema: string, name: string, keys: string[], isPost: boolean, overloads: Routine[]): RestError {
  const fn = `${schema}.${name}`;
  const sorted = [...keys].sort();
  const list = sorted.join(", ");
  const message = `Could not find the function ${fn}${sorted.length ? `(${list})` : " without parameters"} in the schema cache`;
  const withParams = sorted.length ? ` with parameter${sorted.length > 1 ? "s" : ""} ${list}` : " without parameters";
  const details = `Searched for the function ${fn}${withParams}${isPost ? " or with a single unnamed json/jsonb parameter" : ""}, but no matches were found in the schema cache.`;
  let hint: string | null = null;
  if (overloads.length === 0) {
    const names = [...cache.routines.keys()].filter((k) => k.startsWith(`${schema}.`)).map((k) => k.slice(schema.length + 1));
    const match = closestMatch(name, names);
    if (match) hint = `Perhaps you meant to call the function ${schema}.${match}`;
  } else {
    const signatures = overloads.map((o) => `(${o.params.map((p) => p.name).sort().join(", ")})`);
    const match = closestMatch(`(${list})`, signatures);
    if (match) hint = `Perhaps you meant to call the function ${fn}${match}`;
  }
  return new RestError(404, "PGRST202", message, details, hint);
}

function ambiguous(routines: Routine[]): RestError {
  const described = routines.map((r) => `${r.schema}.${r.name}(${r.params.map((p) => `${p.name} => ${p.type}`).join(", ")})`);
  return new RestError(300, "PGRST203", `Could not choose the best candidate function between: ${described.join(", ")}`, null,
    "Try renaming the parameters or the function itself in the database so function overloading can be resolved");
}

export function findRoutine(cache: SchemaCache, schema: string, name: string, keys: string[], isPost: boolean): Routine {
  const overloads = cache.routines.get(qualified(schema, name)) ?? [];
  const keySet = new Set(keys);
  const matching = overloads.filter((r) => matchesArguments(r, keySet));
  const wholeBody = overloads.filter((r) => !matchesArguments(r, keySet) && takesWholeBody(r, isPost));
  const [first] = matching;
  if (matching.length === 1 && first) return first;
  if (matching.length > 1) throw ambiguous(matching);
  const [single] = wholeBody;
  if (wholeBody.length === 1 && single) return single;
  if (wholeBody.length > 1) throw ambiguous(wholeBody);
  throw noFunction(cache, schema, name, keys, isPost, overloads);
}

export interface CallRequest {
  cache: SchemaCache;
  schema: string;
  name: string;
  isPost: boolean;
  query: QueryParams;
  prefs: Preferences;
  payload: Payload | null;
  media: ResponseMedia | "none";
  topRange: Range;
  maxRows: number;
}

export interface CallPlan {
  routine: Routine;
  statement: Statement;
  /** Reads run in a read-only transaction, as PostgREST does for GET and non-volatile functions. */
  readOnly: boolean;
  shape: ResultShape;
  readPlanRoot: ReturnType<typeof buildReadPlan>;
  /** The call as SQL, for an EXPLAIN of the count over its result. */
  sourceSql: (params: Params) => string;
}

export function planCall(request: CallRequest): CallPlan {
  const { cache, schema, query } = request;
  const keys = request.isPost ? (request.payload?.keys ?? []) : [...query.rpcArgs.keys()];
  const routine = findRoutine(cache, schema, request.name, keys, request.isPost);
  let args: CallArguments;
  if (!request.isPost) args = { kind: "direct", values: query.rpcArgs };
  else if (takesWholeBody(routine, true) && !matchesArguments(routine, new Set(keys))) {
    args = { kind: "single", body: request.payload?.raw ?? "{}", type: routine.params[0]?.type ?? "json" };
  } else {
    const given = new Set(keys);
    args = { kind: "json", body: request.payload?.raw ?? "{}", params: routine.params.filter((p) => given.has(p.name)) };
  }
  const isRows = routine.returnKind === "composite";
  const relation = routine.returnTable ?? routine.name;
  const table = routine.returnTable ? (cache.tables.get(qualified(schema, routine.returnTable)) ?? null) : null;
  const knownColumns = isRows ? (routine.returnColumns ? new Set(routine.returnColumns) : null) : new Set(["pgrst_scalar"]);
  const readPlanRoot = buildReadPlan({
    cache,
    schema,
    root: { relation, table, knownColumns, fromSql: `pgrst_source AS ${ident(relation)}`, ref: ident(relation), errorName: relation },
    query: isRows ? query : { ...query, select: [], order: [] },
    includeRootFilters: true,
    topRange: request.topRange,
    maxRows: request.maxRows,
  });
  const shape: ResultShape = isRows ? (routine.returnsSet ? "rows" : "row") : routine.returnsSet ? "scalar-set" : "scalar";
  const sourceSql = (params: Params) => callSql(routine, args, params);
  const statement = callStatement({
    callSql: sourceSql,
    readPlan: readPlanRoot,
    media: request.media,
    shape,
    exactCount: request.prefs.count === "exact" || request.prefs.count === "estimated",
  });
  const readOnly = !request.isPost || routine.volatility !== "volatile";
  return { routine, statement, readOnly, shape, readPlanRoot, sourceSql };
}
