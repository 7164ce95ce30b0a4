// The local mailbox (emulator only): the JSON API tests and e2e specs read,
// the page a developer opens, and messages that outlive an emulator restart.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { MailMessage } from "../mailbox.ts";
import { allMail, client, latestMail, newPassword, startExtraEmulator } from "./auth-fixtures.ts";
import { target, uniqueEmail } from "./target.ts";

const t = target();

describe.runIf(t.isEmulator)("mailbox", () => {
  test("lists a recipient's messages newest first, serves the latest, and 404s when there is none", async () => {
    const email = uniqueEmail("mailbox");
    await client().auth.signUp({ email, password: newPassword() });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // max_frequency
    await client().auth.resend({ type: "signup", email });

    const messages = await allMail(email.toUpperCase());
    expect(messages).toHaveLength(2);
    expect(Date.parse(messages[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(messages[1]!.createdAt));
    const latest = await latestMail(email);
    expect(latest.id).toBe(messages[0]!.id);
    expect(latest).toMatchObject({ to: email, type: "signup", redirect_to: "http://localhost:3000" });
    expect(latest.text).toContain(latest.confirmation_url!);
    expect(latest.text).toContain(latest.token!);

    const byId = (await (await fetch(`${t.mailboxUrl}/api/messages/${latest.id}`)).json()) as MailMessage;
    expect(byId).toEqual(latest);
    expect((await fetch(`${t.mailboxUrl}/api/messages/latest?to=${uniqueEmail("nobody")}`)).status).toBe(404);
  });

  test("the page lists subject, recipient and clickable links, with user text escaped", async () => {
    const email = uniqueEmail("page");
    await client().auth.signUp({ email, password: newPassword(), options: { emailRedirectTo: "http://localhost:3000/auth/confirm?next=/<b>" } });
    const mail = await latestMail(email);
    const response = await fetch(`${t.mailboxUrl}/?to=${encodeURIComponent(email)}`);
    expect(response.headers.get("content-type")).toContain("text/html");
    const page = await response.text();
    expect(page).toContain("Confirm your email address");
    expect(page).toContain(email);
    expect(page).toContain(`href="${mail.confirmation_url!.replaceAll("&", "&amp;")}"`);
    expect(page).toContain(`/auth/confirm?token_hash=${mail.token_hash}&amp;type=signup`);
    expect(page).not.toContain("<b>");
  });

  test("DELETE removes one recipient's messages", async () => {
    const email = uniqueEmail("delete");
    const other = uniqueEmail("keep");
    await client().auth.signUp({ email, password: newPassword() });
    await client().auth.signUp({ email: other, password: newPassword() });
    const response = await fetch(`${t.mailboxUrl}/api/messages?to=${encodeURIComponent(email)}`, { method: "DELETE" });
    expect(await response.json()).toEqual({ deleted: 1 });
    expect(await allMail(email)).toEqual([]);
    expect(await allMail(other)).toHaveLength(1);
  });

  test("a custom template from config.toml is filled with GoTrue's fields", async () => {
    mkdirSync(path.resolve(".local/test"), { recursive: true });
    const dir = mkdtempSync(path.resolve(".local/test", "templates-"));
    const file = path.join(dir, "confirmation.html");
    writeFileSync(file, '<p>Hi {{ .Data.name }}</p><a href="{{ .SiteURL }}/auth/confirm?token_hash={{ .TokenHash }}&type=email">Confirm</a> {{.Token}}');
    const extra = await startExtraEmulator({
      auth: { email: { template: { confirmation: { subject: "Welcome to {{ .SiteURL }}", content_path: file } } } },
    });
    try {
      const email = uniqueEmail("template");
      await client(extra.url).auth.signUp({ email, password: newPassword(), options: { data: { name: "Ada <3" } } });
      const [mail] = await allMail(email, extra.mailboxUrl);
      expect(mail!.subject).toBe("Welcome to http://localhost:3000");
      expect(mail!.html).toBe(
        `<p>Hi Ada &lt;3</p><a href="http://localhost:3000/auth/confirm?token_hash=${mail!.token_hash}&type=email">Confirm</a> ${mail!.token}`,
      );
    } finally {
      await extra.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("messages survive a restart: a new emulator on the same database still lists them", async () => {
    const email = uniqueEmail("restart");
    const first = await startExtraEmulator({});
    try {
      await client(first.url).auth.signUp({ email, password: newPassword() });
      expect(await allMail(email, first.mailboxUrl)).toHaveLength(1);
    } finally {
      await first.stop();
    }
    const second = await startExtraEmulator({});
    try {
      const [message] = await allMail(email, second.mailboxUrl);
      expect(message).toMatchObject({ to: email, type: "signup" });
    } finally {
      await second.stop();
    }
  });
});
