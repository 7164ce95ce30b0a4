// The function call for `rpc/<fn>` (callPlanToQuery in PostgREST's
// QueryBuilder.hs): named arguments from the query string are typed
// parameters; a JSON body is turned into a typed record first; a function with
// a single unnamed json/jsonb parameter receives the body whole.
import type { Routine, RoutineParam } from "../schema/types.ts";
import { payloadFromSql } from "./body.ts";
import { ident, type Params, qualifiedIdent } from "./params.ts";

export type CallArguments =
  | { kind: "direct"; values: Map<string, string> }
  | { kind: "json"; body: string; params: RoutineParam[] }
  | { kind: "single"; body: string; type: string };

export function callSql(routine: Routine, args: CallArguments, params: Params): string {
  const fn = qualifiedIdent(routine.schema, routine.name);
  const returnsRows = routine.returnKind === "composite";
  let argumentList = "";
  let from = "";
  if (args.kind === "single") {
    argumentList = params.typed(args.body, args.type);
  } else if (args.kind === "direct") {
    argumentList = routine.params
      .filter((p) => args.values.has(p.name))
      .map((p) => `${p.variadic ? "VARIADIC " : ""}${ident(p.name)} := ${params.typed(args.values.get(p.name) ?? null, p.type)}`)
      .join(", ");
  } else if (args.params.length > 0) {
    const columns = args.params.map((p) => ({ name: p.name, type: p.type, baseType: "", nullable: true, default: null, generated: false }));
    from = payloadFromSql({ json: args.body, isArray: false, columns, applyDefaults: false, limitOne: true }, params);
    argumentList = args.params.map((p) => `${p.variadic ? "VARIADIC " : ""}${ident(p.name)} := pgrst_body.${ident(p.name)}`).join(", ");
  }
  const call = `${fn}(${argumentList})`;
  if (!returnsRows) return `SELECT ${call} AS pgrst_scalar ${from}`.trimEnd();
  return from ? `SELECT pgrst_call.* ${from}, LATERAL ${call} pgrst_call` : `SELECT pgrst_call.* FROM ${call} pgrst_call`;
}
