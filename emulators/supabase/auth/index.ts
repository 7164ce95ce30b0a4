// Placeholder until the auth API lands: answers 501 for every route.
import { Hono } from "hono";
import type { EmulatorContext } from "../context.ts";
import type { Mailbox } from "../mailbox.ts";

export function createAuthApp(_ctx: EmulatorContext, _mailbox: Mailbox): Hono {
  const app = new Hono();
  app.all("*", (c) => c.json({ message: "auth API not implemented yet" }, 501));
  return app;
}
