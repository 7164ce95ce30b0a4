// Stripe's request encoding: `application/x-www-form-urlencoded` bodies (and
// query strings for GET/DELETE) whose keys nest with brackets, as the SDK and
// curl write them: `metadata[tier]=pro`, `line_items[0][price]=price_x`,
// `expand[]=customer`. Values stay strings; each endpoint's schema converts.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

export class FormSyntaxError extends Error {
  constructor(readonly key: string) {
    super(`Invalid parameter name: ${key}`);
  }
}

/** `a[b][0]` → ["a", "b", "0"]; `expand[]` → ["expand", ""]. */
function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match?.[1]) throw new FormSyntaxError(key);
  const rest = [...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "");
  return [match[1], ...rest];
}

const isIndex = (segment: string) => segment === "" || /^\d+$/.test(segment);

type Container = FormValue[] | { [key: string]: FormValue };

function assign(container: Container, segments: string[], value: string, key: string): void {
  const [head, ...tail] = segments;
  if (head === undefined) return;
  if (Array.isArray(container)) {
    if (!isIndex(head)) throw new FormSyntaxError(key);
    const index = head === "" ? container.length : Number(head);
    if (tail.length === 0) {
      container[index] = value;
      return;
    }
    const existing = container[index];
    const child = isContainer(existing) ? existing : isIndex(tail[0] ?? "") ? [] : {};
    container[index] = child;
    assign(child, tail, value, key);
    return;
  }
  if (tail.length === 0) {
    container[head] = value;
    return;
  }
  const existing = container[head];
  const child = isContainer(existing) ? existing : isIndex(tail[0] ?? "") ? [] : {};
  container[head] = child;
  assign(child, tail, value, key);
}

function isContainer(value: FormValue | undefined): value is Container {
  return typeof value === "object" && value !== null;
}

/** Arrays written with explicit indices may have holes (`a[0]`, `a[2]`); close them. */
function compact(value: FormValue): FormValue {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(compact);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}

export function parseForm(encoded: string): FormObject {
  const result: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    assign(result, splitKey(key), value, key);
  }
  return compact(result) as FormObject;
}
