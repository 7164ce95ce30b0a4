// Placeholder until the rest API lands: answers 501 for every route.
import { Hono } from "hono";
import type { EmulatorContext } from "../context.ts";

export function createRestApp(_ctx: EmulatorContext): Hono {
  const app = new Hono();
  app.all("*", (c) => c.json({ message: "rest API not implemented yet" }, 501));
  return app;
}
