import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".local/**", "node_modules/**", "next-env.d.ts", "lib/supabase/database.types.ts", "test-results/**", "playwright-report/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    // App code never imports the local emulators: one code path for local and hosted.
    // Tests next to the code, and their test-*.ts helpers, may start an emulator of their own (e.g. a short jwt_expiry).
    files: ["app/**", "lib/**", "components/**", "proxy.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "lib/**/test-*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/emulators/**", "@/emulators/**"], message: "App code talks to Supabase and Stripe only through their official clients." }] }],
    },
  },
];

export default config;
