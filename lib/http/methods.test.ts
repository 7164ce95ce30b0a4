import { describe, expect, test } from "vitest";
import { otherMethods } from "./methods";

describe("otherMethods", () => {
  test("refuses with 405 and the Allow header; OPTIONS lists only what the route serves", async () => {
    const { PUT, OPTIONS } = otherMethods("GET, HEAD");
    const refused = PUT();
    expect(refused.status).toBe(405);
    expect(refused.headers.get("allow")).toBe("GET, HEAD");
    expect(await refused.json()).toEqual({ error: "Method not allowed. This address answers GET, HEAD." });
    const options = OPTIONS();
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
