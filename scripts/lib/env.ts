// Scripts read the same .env files as Next (.env.development, .env.local, …)
// so `npm run dev`, the db tasks and the app agree on where things are.
import nextEnv from "@next/env";

export function loadProjectEnv(mode: "development" | "test" | "production" = "development"): NodeJS.ProcessEnv {
  // @next/env picks the files by NODE_ENV-like mode: dev → .env.development(.local).
  nextEnv.loadEnvConfig(process.cwd(), mode === "development", { info: () => undefined, error: console.error });
  return process.env;
}

/** True when a URL points at this machine, i.e. at the local emulators. */
export function isLocalUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const { hostname } = new URL(url);
    return hostname === "127.0.0.1" || hostname === "localhost" || hostname === "[::1]";
  } catch {
    return false;
  }
}

export function portOf(url: string, fallback: number): number {
  const port = Number(new URL(url).port);
  return Number.isInteger(port) && port > 0 ? port : fallback;
}
