// `npm ci` refuses a lockfile that omits any optional platform package a
// dependency lists. npm silently drops those whose release the registry lacks,
// so a lock refreshed on one machine can break every fresh clone: catch it here.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}

test("every optional dependency named in package-lock.json has its own entry", () => {
  const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, LockEntry> };
  const missing: string[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      // Node resolution: the nearest node_modules up the tree that holds it.
      const parts = location ? location.split("/node_modules/") : [];
      let found = false;
      for (let depth = parts.length; depth >= 0 && !found; depth--) {
        const prefix = parts.slice(0, depth).join("/node_modules/");
        found = `${prefix ? `${prefix}/` : ""}node_modules/${name}` in lock.packages;
      }
      if (!found) missing.push(`${name} (wanted by ${location || "the root"})`);
    }
  }
  expect(missing).toEqual([]);
});
