// `npm test`: every check, in the order a failure is cheapest to see.
// Stops at the first failing step and exits with its code.
import { spawnSync } from "node:child_process";

console.log(`Node ${process.version}`);
const steps: Array<[string, string[]]> = [
  ["lint", ["eslint", "--max-warnings=0", "."]],
  ["typecheck", ["tsc", "--noEmit"]],
  ["unit", ["vitest", "run", "--project", "unit"]],
  ["integration", ["vitest", "run", "--project", "integration"]],
  ["e2e", ["playwright", "test"]],
];
const only = process.argv.slice(2);
for (const [name, [command, ...args]] of steps) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = performance.now();
  const result = spawnSync(command!, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} passed in ${seconds}s`);
}
