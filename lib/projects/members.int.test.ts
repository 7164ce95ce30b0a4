// Inviting, changing roles, removing, leaving and transferring ownership, as
// real signed-in users against the test stack. Every refusal is checked for
// its message and for the stored memberships staying as they were.
import { beforeEach, describe, expect, test } from "vitest";
import { NO_ACCESS_MESSAGE } from "./errors";
import { changeMemberRole, createProject, inviteMember, leaveProject, removeMember, transferOwnership } from "./mutations";
import { getProject, listMembers } from "./queries";
import { inviteMemberSchema } from "./schema";
import { adminClient, createTestUser, refusal, setPlan, storedProject, storedRoles, type TestUser } from "./test-users";

let alice: TestUser;
let bob: TestUser;
let projectId: string;

// A fresh owner (Alice), invitee (Bob) and project for every test, so each starts from the same state.
beforeEach(async () => {
  [alice, bob] = await Promise.all([createTestUser("alice", { name: "Alice Owner" }), createTestUser("bob", { name: "Bob Invitee" })]);
  projectId = (await createProject(alice.client, { name: "Team project", description: "" })).id;
});


/** Invites through the same path as the form: schema, then mutation. */
async function invite(by: TestUser, email: string, role: string) {
  return inviteMember(by.client, inviteMemberSchema.parse({ projectId, email, role }));
}

describe("inviteMember", () => {
  test("adds an existing user by email, in any case and with spaces, who then sees the project", async () => {
    expect(await getProject(bob.client, projectId)).toBeNull();
    await invite(alice, `  ${bob.email.toUpperCase()} `, "viewer");
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner", [bob.id]: "viewer" });
    expect(await getProject(bob.client, projectId)).toMatchObject({ id: projectId });
    const members = await listMembers(bob.client, projectId);
    expect(members.map((member) => [member.email, member.name, member.role])).toEqual([
      [alice.email, "Alice Owner", "owner"],
      [bob.email, "Bob Invitee", "viewer"],
    ]);
  });

  test("an unknown email and an existing member are refused on the email field", async () => {
    const unknown = await refusal(invite(alice, "nobody-here@example.com", "member"));
    expect(unknown.message).toBe("Nobody has signed up with that email yet. Ask them to create an account, then invite them.");
    expect(unknown.fieldErrors?.email).toEqual([unknown.message]);

    await invite(alice, bob.email, "member");
    const again = await refusal(invite(alice, bob.email, "admin"));
    expect(again.message).toBe("That person is already a member of this project.");
    expect(again.fieldErrors?.email).toEqual([again.message]);
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner", [bob.id]: "member" });
  });

  test("viewers and members cannot invite, admins cannot add admins, strangers learn nothing", async () => {
    const carol = await createTestUser("carol");
    await invite(alice, bob.email, "viewer");
    expect((await refusal(invite(bob, carol.email, "viewer"))).message).toBe("Only the owner or an admin can invite members.");

    await changeMemberRole(alice.client, { projectId, userId: bob.id, role: "admin" });
    expect((await refusal(invite(bob, carol.email, "admin"))).message).toBe("Only the owner can add admins.");
    await invite(bob, carol.email, "member");

    const stranger = await createTestUser("stranger");
    expect((await refusal(invite(stranger, stranger.email, "viewer"))).message).toBe(NO_ACCESS_MESSAGE);
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner", [bob.id]: "admin", [carol.id]: "member" });
  });
});

describe("changeMemberRole", () => {
  test("the owner promotes and demotes; the owner's own role cannot be demoted", async () => {
    await invite(alice, bob.email, "viewer");
    await changeMemberRole(alice.client, { projectId, userId: bob.id, role: "member" });
    expect((await storedRoles(projectId))[bob.id]).toBe("member");

    const lastOwner = await refusal(changeMemberRole(alice.client, { projectId, userId: alice.id, role: "admin" }));
    expect(lastOwner.message).toBe("The owner's role cannot be changed; transfer ownership to another member first.");
    expect((await storedRoles(projectId))[alice.id]).toBe("owner");
  });

  test("viewers cannot change roles, admins cannot touch admins, and non-members are named as such", async () => {
    const carol = await createTestUser("carol");
    await invite(alice, bob.email, "viewer");
    await invite(alice, carol.email, "admin");

    expect((await refusal(changeMemberRole(bob.client, { projectId, userId: bob.id, role: "admin" }))).message).toBe(
      "Only the owner or an admin can change roles.",
    );
    await changeMemberRole(alice.client, { projectId, userId: bob.id, role: "admin" });
    expect((await refusal(changeMemberRole(carol.client, { projectId, userId: bob.id, role: "viewer" }))).message).toBe(
      "Only the owner can add or change admins.",
    );
    const stranger = await createTestUser("stranger");
    expect((await refusal(changeMemberRole(alice.client, { projectId, userId: stranger.id, role: "viewer" }))).message).toBe(
      "That person is no longer a member of this project.",
    );
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner", [bob.id]: "admin", [carol.id]: "admin" });
  });
});

describe("removeMember", () => {
  test("the owner removes a member, who then cannot see the project", async () => {
    await invite(alice, bob.email, "member");
    await removeMember(alice.client, { projectId, userId: bob.id });
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner" });
    expect(await getProject(bob.client, projectId)).toBeNull();
    expect(await listMembers(bob.client, projectId)).toEqual([]);
  });

  test("the owner cannot be removed, and members cannot remove anyone", async () => {
    const carol = await createTestUser("carol");
    await invite(alice, bob.email, "admin");
    await invite(alice, carol.email, "member");
    expect((await refusal(removeMember(bob.client, { projectId, userId: alice.id }))).message).toBe(
      "The owner cannot be removed; transfer ownership to another member first.",
    );
    expect((await refusal(removeMember(carol.client, { projectId, userId: bob.id }))).message).toBe(
      "Only the owner or an admin can remove members.",
    );
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner", [bob.id]: "admin", [carol.id]: "member" });
  });
});

describe("leaveProject", () => {
  test("a member leaves; the owner cannot; a stranger learns nothing", async () => {
    await invite(alice, bob.email, "member");
    await leaveProject(bob.client, projectId);
    expect(await getProject(bob.client, projectId)).toBeNull();

    expect((await refusal(leaveProject(alice.client, projectId))).message).toBe(
      "The owner cannot leave; transfer ownership to another member first.",
    );
    expect((await refusal(leaveProject(bob.client, projectId))).message).toBe(NO_ACCESS_MESSAGE);
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner" });
  });
});

describe("transferOwnership", () => {
  test("hands the project to a member; the old owner becomes an admin", async () => {
    await invite(alice, bob.email, "member");
    await setPlan(bob.id, "pro");
    await transferOwnership(alice.client, { projectId, newOwnerId: bob.id });
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "admin", [bob.id]: "owner" });
    expect((await storedProject(projectId))?.owner_id).toBe(bob.id);
  });

  test("only the owner transfers, only to a member, and never past the new owner's plan", async () => {
    await invite(alice, bob.email, "admin");
    expect((await refusal(transferOwnership(bob.client, { projectId, newOwnerId: bob.id }))).message).toBe(
      "Only the owner can transfer ownership.",
    );
    const stranger = await createTestUser("stranger");
    expect((await refusal(transferOwnership(alice.client, { projectId, newOwnerId: stranger.id }))).message).toBe(
      "Ownership can only go to a member of this project. Invite them first.",
    );

    // Bob's free plan is full with his own projects: taking this one would pass the limit.
    const { data: plan } = await adminClient().from("plan_limits").select("max_projects").eq("tier", "free").single();
    for (let i = 0; i < plan!.max_projects!; i++) await createProject(bob.client, { name: `Bob's ${i}`, description: "" });
    expect((await refusal(transferOwnership(alice.client, { projectId, newOwnerId: bob.id }))).message).toBe(
      "The new owner's plan has no room for another project. They need to upgrade or delete a project first.",
    );
    expect(await storedRoles(projectId)).toEqual({ [alice.id]: "owner", [bob.id]: "admin" });
    expect((await storedProject(projectId))?.owner_id).toBe(alice.id);
  });
});
