// Profile pictures live in the public `avatars` bucket at
// `<user id>/avatar.<ext>` (the first folder is the owner, as the bucket's
// policies require). The browser uploads the file straight to Storage (no
// server-action body limit in the way); these checks run first so a bad file
// is refused with a clear message before anything is sent, and Storage
// enforces the same limits again (supabase/migrations/*_storage.sql).
export const AVATAR_BUCKET = "avatars";
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
export const AVATAR_TYPES = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif" } as const;
export type AvatarType = keyof typeof AVATAR_TYPES;
export const AVATAR_ACCEPT = Object.keys(AVATAR_TYPES).join(",");
export const AVATAR_RULE = "PNG, JPEG, WebP or GIF, up to 2 MB.";

export function isAvatarType(type: string): type is AvatarType {
  return Object.hasOwn(AVATAR_TYPES, type);
}

/** Why this file can't be an avatar, or null when it can. */
export function avatarFileProblem(file: { size: number; type: string } | null | undefined): string | null {
  if (!file || file.size === 0) return "Choose an image to upload.";
  if (!isAvatarType(file.type)) return "That file type isn't supported. Use a PNG, JPEG, WebP or GIF image.";
  if (file.size > AVATAR_MAX_BYTES) {
    const megabytes = (file.size / 1024 / 1024).toFixed(1);
    return `That image is ${megabytes} MB. The limit is ${AVATAR_MAX_BYTES / 1024 / 1024} MB.`;
  }
  return null;
}

export function avatarPath(userId: string, type: AvatarType): string {
  return `${userId}/avatar.${AVATAR_TYPES[type]}`;
}

/** True when `path` is one of this user's avatar paths: nothing else may be recorded as their picture. */
export function isOwnAvatarPath(userId: string, path: string): boolean {
  return Object.values(AVATAR_TYPES).some((ext) => path === `${userId}/avatar.${ext}`);
}
