// The zod schemas behind the project forms: each bad input gets its own
// message on its own field, and good input comes out as it will be stored.
import { describe, expect, test } from "vitest";
import { fieldErrorsOf } from "@/lib/action";
import {
  changeMemberRoleSchema, createProjectSchema, dashboardParamsSchema, inviteMemberSchema, transferOwnershipSchema, updateProjectSchema,
} from "./schema";

const PROJECT_ID = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";

function errorsOf(result: { success: boolean; error?: Parameters<typeof fieldErrorsOf>[0] }) {
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error!);
}

describe("project name", () => {
  test.each([
    ["empty", "", "Enter a project name."],
    ["whitespace only", " \t\n ", "Enter a project name."],
    ["81 characters", "a".repeat(81), "Keep the name to 80 characters or fewer."],
    ["81 emoji", "🚀".repeat(81), "Keep the name to 80 characters or fewer."],
    ["a line break", "Two\nlines", "The name can't contain line breaks or control characters."],
    ["missing", undefined, "Enter a project name."],
  ])("refuses %s", (_case, name, message) => {
    expect(errorsOf(createProjectSchema.safeParse({ name }))).toEqual({ name: [message] });
  });

  test.each([
    ["trimmed", "  Launch  ", "Launch"],
    ["80 characters", "a".repeat(80), "a".repeat(80)],
    ["80 emoji (160 UTF-16 units, 80 characters as Postgres counts)", "🚀".repeat(80), "🚀".repeat(80)],
    ["markup, kept as text", "<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["right-to-left with emoji", " مشروع 🚀 ", "مشروع 🚀"],
  ])("accepts %s", (_case, name, stored) => {
    expect(createProjectSchema.parse({ name })).toEqual({ name: stored, description: "" });
  });
});

describe("description", () => {
  test("is trimmed, optional on create, and limited to 2000 characters", () => {
    expect(createProjectSchema.parse({ name: "x", description: "  notes \n" }).description).toBe("notes");
    expect(errorsOf(createProjectSchema.safeParse({ name: "x", description: "d".repeat(2001) }))).toEqual({
      description: ["Keep the description to 2000 characters or fewer."],
    });
  });

  test("left out of an edit means unchanged, not emptied", () => {
    expect(updateProjectSchema.parse({ projectId: PROJECT_ID, name: "x" })).toEqual({ projectId: PROJECT_ID, name: "x" });
    expect(updateProjectSchema.parse({ projectId: PROJECT_ID, name: "x", description: "" }).description).toBe("");
    // A member's form sends the description alone; a name that is sent must still be valid.
    expect(updateProjectSchema.parse({ projectId: PROJECT_ID, description: " notes " })).toEqual({ projectId: PROJECT_ID, description: "notes" });
    expect(errorsOf(updateProjectSchema.safeParse({ projectId: PROJECT_ID, name: "  ", description: "x" }))).toEqual({
      name: ["Enter a project name."],
    });
  });
});

describe("ids", () => {
  test("a malformed project id is refused before any query", () => {
    expect(errorsOf(updateProjectSchema.safeParse({ projectId: "1 or 1=1", name: "x" }))).toEqual({
      projectId: ["That is not a valid project id."],
    });
    expect(errorsOf(transferOwnershipSchema.safeParse({ projectId: PROJECT_ID, newOwnerId: "" }))).toEqual({
      newOwnerId: ["Choose the member who will own the project."],
    });
  });
});

describe("invite", () => {
  test("normalises the email and refuses a bad one", () => {
    expect(inviteMemberSchema.parse({ projectId: PROJECT_ID, email: "  Bob@Example.COM ", role: "viewer" })).toEqual({
      projectId: PROJECT_ID,
      email: "bob@example.com",
      role: "viewer",
    });
    expect(errorsOf(inviteMemberSchema.safeParse({ projectId: PROJECT_ID, email: "bob@", role: "viewer" }))).toEqual({
      email: ["Enter a valid email address, like name@example.com."],
    });
    expect(errorsOf(inviteMemberSchema.safeParse({ projectId: PROJECT_ID, email: " ", role: "viewer" }))).toEqual({
      email: ["Enter the email address of the person to invite."],
    });
  });

  test("the owner role cannot be given by invite or role change", () => {
    const message = "Choose admin, member or viewer. To make someone the owner, transfer ownership.";
    expect(errorsOf(inviteMemberSchema.safeParse({ projectId: PROJECT_ID, email: "a@b.co", role: "owner" }))).toEqual({ role: [message] });
    expect(errorsOf(changeMemberRoleSchema.safeParse({ projectId: PROJECT_ID, userId: PROJECT_ID, role: "owner" }))).toEqual({
      role: [message],
    });
  });
});

describe("dashboard URL", () => {
  test("reads ?q and ?page, and falls back instead of failing on nonsense", () => {
    expect(dashboardParamsSchema.parse({ q: " alpha ", page: "3" })).toEqual({ q: "alpha", page: 3 });
    expect(dashboardParamsSchema.parse({})).toEqual({ q: "", page: 1 });
    expect(dashboardParamsSchema.parse({ q: "x".repeat(500), page: "-2" })).toEqual({ q: "x".repeat(100), page: 1 });
    expect(dashboardParamsSchema.parse({ q: "🚀".repeat(150) }).q).toBe("🚀".repeat(100));
    expect(dashboardParamsSchema.parse({ page: "2.5" })).toEqual({ q: "", page: 1 });
    expect(dashboardParamsSchema.parse({ q: "a\u0000b" })).toEqual({ q: "", page: 1 });
    expect(dashboardParamsSchema.parse({ q: "50%_off \\ 🚀 שלום" })).toEqual({ q: "50%_off \\ 🚀 שלום", page: 1 });
  });
});
