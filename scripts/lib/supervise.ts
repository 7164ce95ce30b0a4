// One Ctrl-C (or SIGTERM, or Next exiting) stops everything a script started:
// Next first, then the services in the order given (the worker before the
// stack it talks to).
import type { ChildProcess } from "node:child_process";

interface Stoppable {
  stop(): Promise<void>;
}

export function stopAllOnExit(next: ChildProcess, services: Stoppable[], { exitCodeWhenNextExits }: { exitCodeWhenNextExits: number }) {
  let stopping = false;
  async function shutdown(code: number) {
    if (stopping) return;
    stopping = true;
    if (next.exitCode === null) next.kill("SIGTERM");
    for (const service of services) await service.stop().catch((error) => console.error(error));
    process.exit(code);
  }
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? exitCodeWhenNextExits));
}
