// Placeholder until the storage API lands: answers 501 for every route.
import { Hono } from "hono";
import type { EmulatorContext } from "../context.ts";

export function createStorageApp(_ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.all("*", (c) => c.json({ message: "storage API not implemented yet" }, 501));
  return app;
}
