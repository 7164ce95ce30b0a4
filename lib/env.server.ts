import "server-only";
import { parseEnv, serverEnvSchema, type ServerEnv } from "./env";

let cached: ServerEnv | undefined;

/** Server-only settings (secret keys). Never import this from a client component. */
export function serverEnv(): ServerEnv {
  cached ??= parseEnv(serverEnvSchema, process.env, "server");
  return cached;
}
