// Names, sizes and MIME types as Storage validates them (src/storage/limits.ts
// and uploader.ts), plus the one rule the emulator adds because its bytes live
// on a real file system: no `.` or `..` path segments.
import { ERRORS } from "./errors.ts";

// Storage's S3-safe character sets; the hyphen is last so it stays a literal.
const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]+$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]+$/;
const EMPTY_FOLDER_PLACEHOLDER = ".emptyFolderPlaceholder";

export function mustBeValidKey(key: string | undefined): asserts key is string {
  if (!key || !VALID_OBJECT_KEY.test(key)) throw ERRORS.invalidKey(key ?? "");
  // Hosted Storage keeps such keys as opaque S3 keys; a local emulator refuses
  // them so no name can ever be read as a path that climbs out of its folder.
  if (key.split("/").some((segment) => segment === "." || segment === "..")) throw ERRORS.invalidKey(key);
}

export function mustBeValidBucketName(name: string | undefined): asserts name is string {
  if (!name || name.length > 100 || !VALID_BUCKET_NAME.test(name)) throw ERRORS.invalidBucketName();
}

export function isEmptyFolderPlaceholder(key: string): boolean {
  return key.endsWith(EMPTY_FOLDER_PLACEHOLDER);
}

/** Bucket limits as the API takes them: a byte count or "20GB" / "20MB" / "30KB" / "3B" (decimal units). */
export function parseBucketSizeLimit(value: number | string): number {
  if (typeof value === "number") return value;
  const match = /^([0-9]+(?:\.[0-9]+)?)(gb|mb|kb|b)$/i.exec(value);
  if (!match) throw ERRORS.invalidFileSizeLimit();
  const amount = Number(Number.parseFloat(match[1]!).toPrecision(3));
  const factor = { GB: 1e9, MB: 1e6, KB: 1e3, B: 1 }[match[2]!.toUpperCase() as "GB" | "MB" | "KB" | "B"];
  return amount * factor;
}

/** config.toml's `[storage] file_size_limit`, in the CLI's units ("50MiB", "5MB", "500KB"). */
export function parseConfigSizeLimit(value: string): number {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(value);
  if (!match) throw new Error(`[storage] file_size_limit "${value}" is not a size like "50MiB"`);
  const units: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
  return Math.floor(Number(match[1]) * units[(match[2] ?? "b").toLowerCase()]!);
}

/** Storage's check of a bucket's allowed_mime_types entries. */
export function mustBeValidMimeTypeList(mimeTypes: string[]): void {
  for (const type of mimeTypes) {
    if (type.length > 1000 || !/^([a-zA-Z0-9\-+.]+)\/([a-zA-Z0-9\-+.]+)(;\s*charset=[a-zA-Z0-9-]+)?$|\*$/.test(type)) {
      throw ERRORS.invalidMimeType(type);
    }
  }
}

/** An upload's MIME type against a bucket's allow-list; `image/*` allows every image type. */
export function mustBeAllowedMimeType(mimeType: string, allowed: string[]): void {
  const [type, subtype] = mimeType.split("/");
  if (type === undefined || subtype === undefined) throw ERRORS.invalidMimeType(mimeType);
  for (const entry of allowed) {
    const [allowedType, allowedSubtype] = entry.split("/");
    if (allowedType === type && (allowedSubtype === "*" || allowedSubtype === subtype)) return;
  }
  throw ERRORS.invalidMimeType(mimeType);
}

export function isUuid(value: string | undefined): value is string {
  return !!value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-5][0-9a-f]{3}-[089ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(value);
}
