// Keeps the schema cache current: loaded at startup, reloaded when a
// `NOTIFY pgrst, 'reload schema'` arrives on a dedicated LISTEN connection
// (schema-cache.sql sends one after every DDL), and reloaded once when a
// request names something the cache lacks, in case the notice is still in
// flight. Requests that arrive during a reload wait for it.
import pg from "pg";
import { loadSchemaCache } from "./catalog.ts";
import type { SchemaCache } from "./types.ts";

const LISTEN_RETRY_MS = 1000;

export class SchemaCacheManager {
  private current: SchemaCache | null = null;
  private loading: Promise<SchemaCache> | null = null;
  private reloadAgain = false;
  private listener: pg.Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly dbUrl: string,
    private readonly schemas: string[],
    private readonly log: (line: string) => void,
    /** PostgREST's channel; tests use their own so other sessions' DDL cannot interfere. */
    private readonly channel = "pgrst",
  ) {}

  /** The cache, waiting for a load in progress (or the first one). */
  async get(): Promise<SchemaCache> {
    if (this.loading) return this.loading;
    if (this.current) return this.current;
    return this.reload();
  }

  reload(): Promise<SchemaCache> {
    if (this.loading) {
      // A DDL committed while we were reading the catalog: read it again after.
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = this.loadOnce().finally(() => {
      this.loading = null;
      if (this.reloadAgain && !this.closed) {
        this.reloadAgain = false;
        void this.reload().catch(() => undefined);
      }
    });
    return this.loading;
  }

  /**
   * After a lookup miss by a request that arrived at `requestStart`
   * (performance.now()): a cache whose catalog read began later already saw
   * every DDL the client committed before sending it, so the miss is real
   * (null). Otherwise wait for a read that begins after the request.
   */
  async reloadAfterMiss(requestStart: number): Promise<SchemaCache | null> {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.current && this.current.loadStartedAt >= requestStart) return attempt === 0 ? null : this.current;
      if (this.loading) await this.loading.catch(() => undefined);
      else return this.reload();
    }
    return this.current;
  }

  private async loadOnce(): Promise<SchemaCache> {
    const client = await this.pool.connect();
    try {
      const cache = await loadSchemaCache(client, this.schemas);
      this.current = cache;
      client.release();
      return cache;
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /** Opens the LISTEN connection; reconnects (and reloads) if it drops. */
  async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.dbUrl });
    client.on("error", () => undefined);
    client.on("end", () => {
      if (this.listener === client) this.listener = null;
      if (!this.closed) this.scheduleListen();
    });
    client.on("notification", (message) => {
      if (message.channel !== this.channel) return;
      const payload = message.payload ?? "";
      if (payload === "" || payload === "reload schema") void this.reload().catch((e: Error) => this.log(`[rest] schema cache reload failed: ${e.message}`));
    });
    try {
      await client.connect();
      await client.query(`listen ${JSON.stringify(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      if (!this.closed) this.scheduleListen();
      this.log(`[rest] could not listen for schema changes: ${(error as Error).message}`);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
  }

  private scheduleListen(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      // Changes may have happened while we were not listening.
      void this.reload().catch(() => undefined);
      void this.listen();
    }, LISTEN_RETRY_MS);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.loading?.catch(() => undefined);
  }
}
