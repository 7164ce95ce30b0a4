// Sign-up and sign-in against the local Auth emulator with the official
// client, as the app's actions call them (config.toml: confirmations on,
// 8-character minimum).
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { Database } from "@/lib/supabase/database.types";
import { authActionError, WRONG_PASSWORD } from "./errors";
import { PASSWORD_RULE } from "./schema";

const stack = inject("stack");
const noSession = { auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false } } as const;
const anon = () => createClient<Database>(stack.apiUrl, stack.publishableKey, noSession);
const email = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
const PASSWORD = "correct horse battery";

let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: stack.dbUrl });
  await db.connect();
});
afterAll(() => db.end());

async function mailCount(to: string): Promise<number> {
  const response = await fetch(`${stack.mailboxUrl}/api/messages?to=${encodeURIComponent(to)}`);
  return ((await response.json()) as unknown[]).length;
}

describe("sign-up", () => {
  test("creates the public.users row with the name from the form, and sends a confirmation email", async () => {
    const address = email("signup");
    const { data, error } = await anon().auth.signUp({ email: address, password: PASSWORD, options: { data: { name: "Ada Lovelace" } } });
    expect(error).toBeNull();
    expect(data.session).toBeNull(); // confirmations are on
    const { rows } = await db.query("select id, email, name, subscription_tier from public.users where id = $1", [data.user!.id]);
    expect(rows).toEqual([{ id: data.user!.id, email: address, name: "Ada Lovelace", subscription_tier: "free" }]);
    expect(await mailCount(address)).toBe(1);
  });

  test("an address that already has an account gets the same answer and no second user or email", async () => {
    const address = email("taken");
    const first = await anon().auth.signUp({ email: address, password: PASSWORD });
    await db.query("update auth.users set email_confirmed_at = now() where id = $1", [first.data.user!.id]);
    const mailBefore = await mailCount(address);

    const again = await anon().auth.signUp({ email: address, password: "another password" });
    expect(again.error).toBeNull();
    expect(again.data.session).toBeNull();
    const { rows } = await db.query("select count(*)::int as n from auth.users where email = $1", [address]);
    expect(rows[0].n).toBe(1);
    expect(await mailCount(address)).toBe(mailBefore);
  });

  test("a short password is refused as weak_password, and the form's message states the rule", async () => {
    const { error } = await anon().auth.signUp({ email: email("weak"), password: "short" });
    expect(error?.code).toBe("weak_password");
    const shown = authActionError(error!, "sign-up");
    expect(shown.fieldErrors?.password?.[0]).toMatch(/8 characters/);
    expect(PASSWORD_RULE).toMatch(/8 characters/);
  });
});

test("another email within max_frequency is refused as over_email_send_rate_limit, and the message says how long to wait", async () => {
  const address = email("toosoon");
  await anon().auth.signUp({ email: address, password: PASSWORD });
  // Move the stored sent-at a minute ahead, so the resend falls inside the
  // 1 s max_frequency window however long the machine takes to send it.
  await db.query("update auth.users set confirmation_sent_at = now() + interval '1 minute' where email = $1", [address]);
  const { error } = await anon().auth.resend({ type: "signup", email: address });
  expect(error?.status).toBe(429);
  expect(error?.code).toBe("over_email_send_rate_limit");
  expect(authActionError(error!, "resend").message).toMatch(/^We just sent you an email\. You can ask for another in \d+ seconds?\.$/);
  expect(await mailCount(address)).toBe(1);
});

describe("sign-in", () => {
  test("an unconfirmed user is refused with email_not_confirmed", async () => {
    const address = email("unconfirmed");
    await anon().auth.signUp({ email: address, password: PASSWORD });
    const { data, error } = await anon().auth.signInWithPassword({ email: address, password: PASSWORD });
    expect(data.session).toBeNull();
    expect(error?.code).toBe("email_not_confirmed");
  });

  test("a wrong password and an unknown address get the same invalid_credentials answer", async () => {
    const address = email("confirmed");
    const { data } = await anon().auth.signUp({ email: address, password: PASSWORD });
    await db.query("update auth.users set email_confirmed_at = now() where id = $1", [data.user!.id]);

    const wrong = await anon().auth.signInWithPassword({ email: address, password: "not the password" });
    const unknown = await anon().auth.signInWithPassword({ email: email("nobody"), password: PASSWORD });
    expect(wrong.error?.code).toBe("invalid_credentials");
    expect(unknown.error?.code).toBe("invalid_credentials");
    expect(authActionError(wrong.error!, "sign-in").message).toBe(WRONG_PASSWORD);

    const right = await anon().auth.signInWithPassword({ email: address, password: PASSWORD });
    expect(right.error).toBeNull();
    expect(right.data.session?.user.email).toBe(address);
  });
});
