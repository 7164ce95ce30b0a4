// A child process of bench:memory: starts the local services the env (JSON,
// argv[3]) asks for, in argv[2], as `npm run dev` does; answers "heap" over
// IPC with its JS heap after a forced GC; stops them on SIGTERM. A file of
// its own so the process holds only what the services load, not the bench's
// clients (supabase-js, the Stripe SDK), and its RSS is theirs.
import { startLocalServices } from "./local-services.ts";
import { heapAfterGc } from "./memory.ts";

const [localDir, env] = process.argv.slice(2);
const services = await startLocalServices(JSON.parse(env!) as NodeJS.ProcessEnv, () => undefined, { localDir });
process.on("message", (message) => message === "heap" && process.send!({ heap: heapAfterGc() }));
process.once("SIGTERM", () => void services.stop().finally(() => process.exit(0)));
process.send!({ ready: true });
