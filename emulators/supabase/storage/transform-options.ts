// Storage's image transformation options (storage-js `transform`), as a query
// string, as the `transformations` claim a signed URL's token carries, and as
// the imgproxy options Storage reports in X-Transformations.
import { z } from "zod";

const MIN_SIZE = 1;
const MAX_SIZE = 2000;

export const transformSchema = z.object({
  width: z.coerce.number().int().min(0).optional(),
  height: z.coerce.number().int().min(0).optional(),
  resize: z.enum(["cover", "contain", "fill"]).optional(),
  format: z.enum(["origin", "avif", "webp"]).optional(),
  quality: z.coerce.number().int().min(20).max(100).optional(),
});
export type TransformOptions = z.infer<typeof transformSchema>;

export const clamp = (value: number) => Math.min(Math.max(value, MIN_SIZE), MAX_SIZE);

/**
 * The options as a signed URL's token carries them (Storage's applyTransformation
 * with keepOriginal, so `resize:undefined` when unset), or "" for none.
 */
export function signedTransformations(options: TransformOptions): string {
  const segments: string[] = [];
  if (options.height) segments.push(`height:${clamp(options.height)}`);
  if (options.width) segments.push(`width:${clamp(options.width)}`);
  if (options.width || options.height) segments.push(`resize:${String(options.resize)}`);
  if (options.quality) segments.push(`quality:${options.quality}`);
  if (options.format && options.format !== "origin") segments.push(`format:${options.format}`);
  return segments.join(",");
}

export function fromSignedTransformations(value: string): TransformOptions {
  const fields: Record<string, string> = {};
  for (const part of value.split(",")) {
    const [name, setting] = part.split(":");
    // `resize:undefined` is how Storage's tokens say "the default".
    if (name && setting && setting !== "undefined") fields[name] = setting;
  }
  return transformSchema.parse(fields);
}

/** The X-Transformations header: the imgproxy options Storage asked for. */
export function imgproxyOptions(options: TransformOptions): string[] {
  const segments: string[] = [];
  if (options.height) segments.push(`height:${clamp(options.height)}`);
  if (options.width) segments.push(`width:${clamp(options.width)}`);
  if (options.width || options.height) {
    segments.push(`resizing_type:${{ cover: "fill", contain: "fit", fill: "force" }[options.resize ?? "cover"]}`);
  }
  if (options.quality) segments.push(`quality:${options.quality}`);
  if (options.format && options.format !== "origin") segments.push(`format:${options.format}`);
  return segments;
}
