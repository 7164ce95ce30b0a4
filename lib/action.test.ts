import type { SupabaseClient } from "@supabase/supabase-js";
import { redirect } from "next/navigation";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { action, ActionError, formDataToObject, UNREADABLE_FORM } from "./action";
import type { Database } from "./supabase/database.types";

// The wrapper only asks the client who the user is; a stand-in for that one
// call keeps these tests about the wrapper's contract.
function clientFor(user: { id: string } | null) {
  return async () => ({ auth: { getUser: async () => ({ data: { user } }) } }) as unknown as SupabaseClient<Database>;
}

const schema = z.object({
  email: z.email("Enter a valid email address."),
  password: z.string().min(8, "Use at least 8 characters."),
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

describe("action()", () => {
  test("invalid input: field errors, the typed email kept, the password not echoed, handler not called", async () => {
    const handler = vi.fn();
    const run = action(schema, handler, { auth: false, createClient: clientFor(null) });
    const state = await run(undefined, form({ email: "not-an-email", password: "short" }));
    expect(handler).not.toHaveBeenCalled();
    expect(state.fieldErrors).toEqual({ email: ["Enter a valid email address."], password: ["Use at least 8 characters."] });
    expect(state.values).toEqual({ email: "not-an-email" });
  });

  test("requires a signed-in user unless auth is false", async () => {
    const handler = vi.fn();
    const state = await action(schema, handler, { createClient: clientFor(null) })(undefined, form({ email: "a@b.co", password: "longenough" }));
    expect(state.error).toMatch(/Sign in again/);
    expect(handler).not.toHaveBeenCalled();
  });

  test("passes parsed input and the user to the handler and reports success", async () => {
    const run = action(schema, async (input, { user }) => ({ ok: true, message: `hi ${input.email} ${user.id}` }), {
      createClient: clientFor({ id: "u1" }),
    });
    expect(await run(undefined, form({ email: "a@b.co", password: "longenough" }))).toMatchObject({ ok: true, message: "hi a@b.co u1" });
  });

  test("an ActionError becomes the form's message; an unexpected error a generic one", async () => {
    const expected = action(schema, async () => { throw new ActionError("Wrong email or password.", { password: ["Check it"] }); }, {
      auth: false, createClient: clientFor(null),
    });
    expect(await expected(undefined, form({ email: "a@b.co", password: "longenough" }))).toMatchObject({
      error: "Wrong email or password.", fieldErrors: { password: ["Check it"] }, values: { email: "a@b.co" },
    });
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const unexpected = action(schema, async () => { throw new Error("db down: secret detail"); }, { auth: false, createClient: clientFor(null) });
    const state = await unexpected(undefined, form({ email: "a@b.co", password: "longenough" }));
    expect(state.error).toBe("Something went wrong on our side. Please try again.");
    expect(JSON.stringify(state)).not.toContain("secret detail");
    consoleError.mockRestore();
  });

  test("redirect() inside a handler is rethrown, not reported as an error", async () => {
    const run = action(schema, async () => redirect("/dashboard"), { auth: false, createClient: clientFor(null) });
    await expect(run(undefined, form({ email: "a@b.co", password: "longenough" }))).rejects.toThrow("NEXT_REDIRECT");
  });

  test("called without a form (a plain form post under the action's id passes only one argument): refused, handler not called", async () => {
    const handler = vi.fn();
    const run = action(schema, handler, { createClient: clientFor({ id: "u1" }) }) as (...args: unknown[]) => Promise<unknown>;
    const data = form({ email: "a@b.co", password: "longenough" });
    for (const args of [[data], [undefined, undefined], [undefined, { email: "a@b.co", password: "longenough" }], [undefined, "email=a@b.co"]]) {
      expect(await run(...args)).toEqual({ error: UNREADABLE_FORM });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  test("a file sent as __proto__ can't become the parsed object's prototype and fill fields it never sent", async () => {
    const data = new FormData();
    data.append("__proto__", new File(["x"], "Mallory", { type: "text/plain" }));
    const object = formDataToObject(data);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(z.object({ name: z.string() }).safeParse(object).success).toBe(false);
  });
});
