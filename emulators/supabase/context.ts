// What every part of the emulator (auth, rest, storage, mailbox) is given.
import type pg from "pg";
import type { SupabaseConfig } from "./config.ts";
import type { EmulatorKeys } from "./keys.ts";

export interface EmulatorContext {
  /** Pool of superuser connections to the Postgres behind the emulator. */
  pool: pg.Pool;
  /** Connection URL of that Postgres (superuser `postgres`). */
  dbUrl: string;
  config: SupabaseConfig;
  keys: EmulatorKeys;
  /** Public base URL of the API, e.g. http://127.0.0.1:54321. */
  apiUrl: string;
  /** Public base URL of the mailbox page, e.g. http://127.0.0.1:54324. */
  mailboxUrl: string;
  /** Folder for files the emulator keeps (storage objects), under `.local/`. */
  dataDir: string;
  log: (line: string) => void;
}
