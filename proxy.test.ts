// The route guard's redirects, with the session check stubbed: a signed-in
// visitor of /login?next=… is sent on at once, without any click, so `next`
// must never lead off the site.
import { NextRequest, NextResponse } from "next/server";
import { describe, expect, test, vi } from "vitest";

const session = vi.hoisted(() => ({ signedIn: true }));

vi.mock("@/lib/supabase/middleware", () => ({
  updateSession: async (request: NextRequest) => ({
    response: NextResponse.next({ request }),
    claims: session.signedIn ? { sub: "00000000-0000-4000-8000-000000000001" } : null,
  }),
  withSessionCookies: (_from: NextResponse, to: NextResponse) => to,
}));

const { proxy } = await import("./proxy");

async function locationAfter(path: string): Promise<string | null> {
  const response = await proxy(new NextRequest(new URL(path, "https://app.example.com")));
  return response.headers.get("location");
}

describe("proxy redirects", () => {
  test("a signed-in visitor of /login goes on to a same-site next", async () => {
    session.signedIn = true;
    expect(await locationAfter("/login?next=%2Fprojects%2F42%3Ftab%3Djobs")).toBe("https://app.example.com/projects/42?tab=jobs");
  });

  test.each(["//evil.com", "/.//evil.com", "/a/..//evil.com", "/%2e//evil.com", "/\\evil.com", "https://evil.com", "/%09/evil.com"])(
    "a signed-in visitor of /login?next=%s stays on the site",
    async (next) => {
      session.signedIn = true;
      const location = await locationAfter(`/login?next=${encodeURIComponent(next)}`);
      expect(location).not.toBeNull();
      expect(new URL(location!).origin).toBe("https://app.example.com");
      expect(location).toBe("https://app.example.com/dashboard");
    },
  );

  test("a signed-out visitor of a protected page is sent to sign in with the path as next", async () => {
    session.signedIn = false;
    expect(await locationAfter("/billing?tab=invoices")).toBe("https://app.example.com/login?next=%2Fbilling%3Ftab%3Dinvoices");
  });
});
