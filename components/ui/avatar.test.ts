import { expect, test } from "vitest";
import { initialsOf } from "./avatar";

test("initials: first and last name, else the first two letters, else the email's first letter", () => {
  expect(initialsOf("Ada King Lovelace", "ada@example.com")).toBe("AL");
  expect(initialsOf("  grace  ", null)).toBe("GR");
  expect(initialsOf(null, "kj@example.com")).toBe("K");
  expect(initialsOf("", undefined)).toBe("?");
});
