// Placeholder until the mailbox lands: keeps messages in memory.
import { Hono } from "hono";
import type { EmulatorContext } from "./context.ts";

export interface MailMessage {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  createdAt: string;
}

export interface Mailbox {
  /** Served on the mailbox port: a page listing messages and a JSON API. */
  app: Hono;
  deliver(message: Omit<MailMessage, "id" | "createdAt">): Promise<MailMessage>;
}

export function createMailbox(_ctx: EmulatorContext): Mailbox {
  const messages: MailMessage[] = [];
  const app = new Hono();
  app.get("/api/messages", (c) => c.json(messages));
  return {
    app,
    async deliver(message) {
      const stored = { ...message, id: crypto.randomUUID(), createdAt: new Date().toISOString() };
      messages.push(stored);
      return stored;
    },
  };
}
