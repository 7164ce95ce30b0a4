// Reads one request's parameters the way Stripe validates them: the first
// problem becomes Stripe's error (`Missing required param: x.`, `Invalid
// integer: y`) naming the parameter as the client wrote it (`line_items[0][price]`).
// Parameters the emulator does not model are accepted and reported by
// `unread()`, so the server can log them instead of failing a valid request.
import { invalidParam, missingParam } from "./errors.ts";
import type { FormObject, FormValue } from "./form.ts";

export class Params {
  private readonly read = new Set<string>();

  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  /** How the client named this object (`items[0]`), or "" at the top level. */
  get path(): string {
    return this.prefix;
  }

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private take(key: string): FormValue | undefined {
    this.read.add(key);
    return this.raw[key];
  }

  /** Top-level keys the endpoint never looked at. */
  unread(): string[] {
    return Object.keys(this.raw).filter((key) => !this.read.has(key));
  }

  string(key: string): string | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw invalidParam(this.name(key), `Invalid string: ${describe(value)}`);
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") throw missingParam(this.name(key));
    return value;
  }

  /** A string that may be sent as "" to clear the field. */
  nullableString(key: string): string | null | undefined {
    const value = this.string(key);
    return value === "" ? null : value;
  }

  int(key: string, bounds: { min?: number; max?: number } = {}): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidParam(this.name(key), `Invalid integer: ${value}`, "parameter_invalid_integer");
    const number = Number(value);
    if (bounds.min !== undefined && number < bounds.min) {
      throw invalidParam(this.name(key), `This value must be greater than or equal to ${bounds.min} (it currently is '${value}').`, "parameter_invalid_integer");
    }
    if (bounds.max !== undefined && number > bounds.max) {
      throw invalidParam(this.name(key), `This value must be less than or equal to ${bounds.max} (it currently is '${value}').`, "parameter_invalid_integer");
    }
    return number;
  }

  bool(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") throw invalidParam(this.name(key), `Invalid boolean: ${value}`, "parameter_invalid_boolean");
    return value === "true";
  }

  oneOf<const T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParam(this.name(key), `Invalid ${this.name(key)}: must be one of ${allowed.join(", ")}`);
    }
    return value as T;
  }

  url(key: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^https?:\/\/[^\s]+$/.test(value)) {
      throw invalidParam(this.name(key), "Not a valid URL", "url_invalid");
    }
    return value;
  }

  email(key: string): string | null | undefined {
    const value = this.nullableString(key);
    if (value === undefined || value === null) return value;
    if (!/^[^\s@]+@[^\s@]+$/.test(value)) throw invalidParam(this.name(key), `Invalid email address: ${value}`, "email_invalid");
    return value;
  }

  /** `metadata[k]=v`; `metadata=` clears all, `metadata[k]=` removes one key (the caller merges). */
  metadata(key = "metadata"): Record<string, string> | "" | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (value === "") return "";
    if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(this.name(key), "Invalid object", "parameter_invalid_object");
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== "string") throw invalidParam(`${this.name(key)}[${k}]`, `Invalid string: ${describe(v)}`);
      if (k.length > 40) throw invalidParam(`${this.name(key)}[${k}]`, "Metadata keys can have up to 40 characters.");
      if (v.length > 500) throw invalidParam(`${this.name(key)}[${k}]`, "Metadata values can have up to 500 characters.");
      out[k] = v;
    }
    if (Object.keys(out).length > 50) throw invalidParam(this.name(key), "Metadata can have up to 50 keys.");
    return out;
  }

  /** A list of strings (`expand[]=a&expand[]=b` or `expand[0]=a`). */
  strings(key: string): string[] | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (typeof value === "string") return value === "" ? [] : [value];
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
      throw invalidParam(this.name(key), "Invalid array", "parameter_invalid_array");
    }
    return value as string[];
  }

  /** A nested object, read with its own Params; "" means "unset". */
  object(key: string): Params | "" | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    if (value === "") return "";
    if (typeof value !== "object" || Array.isArray(value)) throw invalidParam(this.name(key), "Invalid object", "parameter_invalid_object");
    return new Params(value, this.name(key));
  }

  /** A list of nested objects (`line_items[0][price]=…`). */
  objects(key: string): Params[] | undefined {
    const value = this.take(key);
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : typeof value === "object" ? Object.values(value) : null;
    if (!list) throw invalidParam(this.name(key), "Invalid array", "parameter_invalid_array");
    return list.map((entry, index) => {
      const name = `${this.name(key)}[${index}]`;
      if (typeof entry !== "object" || Array.isArray(entry)) throw invalidParam(name, "Invalid object", "parameter_invalid_object");
      return new Params(entry, name);
    });
  }
}

function describe(value: FormValue): string {
  return typeof value === "string" ? value : Array.isArray(value) ? "array" : "object";
}

/** Applies a metadata update the way Stripe does: "" clears, empty values delete keys. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | "" | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === "") return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  return next;
}
