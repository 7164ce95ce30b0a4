import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: `unit` needs nothing running; `integration` gets one local
// stack (embedded Postgres + Supabase emulator on free ports, all migrations
// applied) started by tests/global-setup.ts and stopped after the run.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**", ".local/**", ".next/**", "e2e/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".local/**", ".next/**", "e2e/**"],
          environment: "node",
          globalSetup: ["tests/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
