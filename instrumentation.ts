// Runs once when the server starts: a missing or malformed variable stops
// start-up here with one message, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { publicEnv } = await import("./lib/env");
  const { serverEnv } = await import("./lib/env.server");
  publicEnv();
  serverEnv();
}
