// `expand[]`: replaces id references with the objects they name, following
// dotted paths through nested objects and lists (`items.data.price.product`,
// `data.product` on a list). Works on a copy the handler returned, never on
// stored objects.
import { invalidParam } from "./errors.ts";

export interface ExpandResolver {
  /** The object an id names, or undefined when the id is unknown. */
  byId(id: string): unknown;
  /** Fields that exist only when expanded (a checkout session's `line_items`). */
  includable(parent: Record<string, unknown>, field: string): unknown;
}

const MAX_DEPTH = 4;

export function applyExpand(body: unknown, paths: string[], resolver: ExpandResolver): void {
  for (const path of paths) {
    const segments = path.split(".");
    const depth = segments.filter((s) => s !== "data").length;
    if (depth > MAX_DEPTH) throw invalidParam("expand", `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`);
    expandAt(body, segments, path, resolver);
  }
}

function expandAt(value: unknown, segments: string[], path: string, resolver: ExpandResolver): void {
  const [field, ...rest] = segments;
  if (field === undefined || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const entry of value) expandAt(entry, segments, path, resolver);
    return;
  }
  const parent = value as Record<string, unknown>;
  let child = parent[field];
  if (child === undefined) {
    child = resolver.includable(parent, field);
    if (child === undefined) throw cannotExpand(field, path);
    parent[field] = child;
  } else if (typeof child === "string") {
    const resolved = resolver.byId(child);
    if (resolved === undefined) throw cannotExpand(field, path);
    child = structuredClone(resolved);
    parent[field] = child;
  } else if (rest.length === 0 && !isExpandedObject(child) && child !== null) {
    throw cannotExpand(field, path);
  }
  if (rest.length > 0) expandAt(child, rest, path, resolver);
}

function isExpandedObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && "object" in value;
}

function cannotExpand(field: string, path: string) {
  const hint = path.startsWith("data.") ? "" : ` You may want to try expanding 'data.${path}' instead.`;
  return invalidParam("expand", `This property cannot be expanded (${field}).${hint}`);
}
