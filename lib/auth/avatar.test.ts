import { expect, test } from "vitest";
import { avatarFileProblem, avatarPath, isOwnAvatarPath } from "./avatar";

const USER = "0b5c5a8e-8f3e-4a57-9d57-6b2b4d0b7a11";

test("avatar files: images up to 2 MB only, with a message that says why", () => {
  expect(avatarFileProblem({ type: "image/png", size: 1234 })).toBeNull();
  expect(avatarFileProblem(null)).toBe("Choose an image to upload.");
  expect(avatarFileProblem({ type: "image/png", size: 0 })).toBe("Choose an image to upload.");
  expect(avatarFileProblem({ type: "image/svg+xml", size: 100 })).toMatch(/isn't supported/);
  expect(avatarFileProblem({ type: "image/jpeg", size: 3.2 * 1024 * 1024 })).toBe("That image is 3.2 MB. The limit is 2 MB.");
});

test("the avatar lives in the user's own folder, and only such paths are accepted back", () => {
  expect(avatarPath(USER, "image/jpeg")).toBe(`${USER}/avatar.jpg`);
  expect(isOwnAvatarPath(USER, `${USER}/avatar.webp`)).toBe(true);
  expect(isOwnAvatarPath(USER, `someone-else/avatar.png`)).toBe(false);
  expect(isOwnAvatarPath(USER, `${USER}/../x/avatar.png`)).toBe(false);
  expect(isOwnAvatarPath(USER, `${USER}/avatar.svg`)).toBe(false);
});
