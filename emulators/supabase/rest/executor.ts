// Runs a request's statements as one transaction on a pooled connection.
// The settings statement (role, claims, search_path...) and the main
// statement(s) are written together and closed by a single Sync, so Postgres
// runs them as one implicit transaction, committed at the Sync or rolled back
// on the first error: one round trip instead of begin/set/query/commit. When
// the outcome decides between commit and rollback (a singular response, a
// max-affected limit), the batch opens an explicit transaction instead and the
// caller ends it.
//
// Statements are prepared under a name derived from their text, as PostgREST
// prepares its statements: a request shape seen before on a connection skips
// Postgres' parse and analysis. Names are kept per connection (up to a cap);
// after a failed batch the ones it created are closed again, since Postgres
// skips the rest of a batch after an error and we cannot tell which exist.
import { createHash } from "node:crypto";
import pg from "pg";
import { RestError } from "./errors.ts";
import type { Statement } from "./sql/statement.ts";

const MAX_PREPARED_PER_CONNECTION = 1000;
const preparedByConnection = new WeakMap<object, Set<string>>();

function statementName(text: string): string {
  return `pgrst_${createHash("sha1").update(text).digest("base64url").slice(0, 24)}`;
}

interface WireConnection {
  parse(msg: { text: string; name: string; types: number[] }): void;
  close(msg: { type: "S"; name: string }): void;
  bind(msg: { portal: string; statement: string; values: unknown[]; valueMapper?: (v: unknown) => unknown }): void;
  describe(msg: { type: "P"; name: string }): void;
  execute(msg: { portal: string; rows: number }): void;
  sync(): void;
  stream: { cork?: () => void; uncork?: () => void };
}

type QueryCallback = (error: Error | null, results: pg.QueryResult | pg.QueryResult[]) => void;
const BaseQuery = (pg as unknown as { Query: new (config: { text: string; callback: QueryCallback }) => object }).Query;

/** A pg Query that sends several statements before one Sync (one implicit transaction). */
class BatchQuery extends BaseQuery {
  /** Statement names this batch asked Postgres to create. */
  readonly created: string[] = [];

  constructor(
    private readonly statements: Statement[],
    private readonly prepared: Set<string>,
    callback: QueryCallback,
  ) {
    super({ text: statements[0]?.text ?? "", callback });
  }

  private prepare(connection: WireConnection, text: string): string {
    const name = statementName(text);
    if (this.prepared.has(name) || this.created.includes(name)) return name;
    if (this.prepared.size + this.created.length >= MAX_PREPARED_PER_CONNECTION) {
      connection.parse({ text, name: "", types: [] });
      return "";
    }
    connection.parse({ text, name, types: [] });
    this.created.push(name);
    return name;
  }

  submit(connection: WireConnection): null {
    connection.stream.cork?.();
    try {
      for (const statement of this.statements) {
        const name = this.prepare(connection, statement.text);
        connection.bind({ portal: "", statement: name, values: statement.values });
        connection.describe({ type: "P", name: "" });
        connection.execute({ portal: "", rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }
}

/** Closes prepared statements (closing one that does not exist is no error). */
class CloseStatements extends BaseQuery {
  constructor(
    private readonly names: string[],
    callback: QueryCallback,
  ) {
    super({ text: "", callback });
  }

  submit(connection: WireConnection): null {
    for (const name of this.names) connection.close({ type: "S", name });
    connection.sync();
    return null;
  }
}

function submit(client: pg.PoolClient, query: object): void {
  // A submittable goes through client.query as is; its callback reports the outcome.
  (client as unknown as { query(submittable: object): unknown }).query(query);
}

async function runBatch(client: pg.PoolClient, statements: Statement[]): Promise<pg.QueryResult[]> {
  const connection = (client as unknown as { connection: object }).connection;
  const prepared = preparedByConnection.get(connection) ?? new Set<string>();
  preparedByConnection.set(connection, prepared);
  let batch: BatchQuery | null = null;
  try {
    return await new Promise<pg.QueryResult[]>((resolve, reject) => {
      batch = new BatchQuery(statements, prepared, (error, results) => {
        if (error) reject(error);
        else resolve(Array.isArray(results) ? results : [results]);
      });
      submit(client, batch);
    }).then((results) => {
      for (const name of batch?.created ?? []) prepared.add(name);
      return results;
    });
  } catch (error) {
    const created: string[] = (batch as BatchQuery | null)?.created ?? [];
    if (created.length > 0) {
      await new Promise<void>((resolve, reject) => submit(client, new CloseStatements(created, (e) => (e ? reject(e) : resolve()))));
    }
    throw error;
  }
}

export interface TransactionOutcome<T> {
  value: T;
  commit: boolean;
}

export class Executor {
  constructor(private readonly pool: pg.Pool) {}

  /** A pooled connection; waiting past the pool's connection timeout is PostgREST's 504 PGRST003. */
  private async acquire(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      if (error instanceof Error && /timeout/i.test(error.message)) {
        throw new RestError(504, "PGRST003", "Timed out acquiring connection from connection pool.");
      }
      throw error;
    }
  }

  /** Runs the statements in one transaction and returns each statement's rows. */
  async run(statements: Statement[]): Promise<Record<string, unknown>[][]> {
    const client = await this.acquire();
    try {
      const results = await runBatch(client, statements);
      client.release();
      return results.map((r) => r.rows as Record<string, unknown>[]);
    } catch (error) {
      this.releaseAfterError(client, error);
      throw error;
    }
  }

  /** Like run, but `decide` sees the rows before the transaction commits or rolls back. */
  async runDeciding<T>(statements: Statement[], decide: (rows: Record<string, unknown>[][]) => TransactionOutcome<T>): Promise<T> {
    const client = await this.acquire();
    let results: pg.QueryResult[];
    try {
      results = await runBatch(client, [{ text: "begin", values: [] }, ...statements]);
    } catch (error) {
      await this.rollbackAndRelease(client, error);
      throw error;
    }
    let outcome: TransactionOutcome<T>;
    try {
      outcome = decide(results.slice(1).map((r) => r.rows as Record<string, unknown>[]));
    } catch (error) {
      await this.rollbackAndRelease(client, null);
      throw error;
    }
    try {
      await client.query(outcome.commit ? "commit" : "rollback");
    } catch (error) {
      this.releaseAfterError(client, error);
      throw error;
    }
    client.release();
    return outcome.value;
  }

  private async rollbackAndRelease(client: pg.PoolClient, cause: unknown): Promise<void> {
    try {
      await client.query("rollback");
      this.releaseAfterError(client, cause);
    } catch (error) {
      client.release(error instanceof Error ? error : true);
    }
  }

  private releaseAfterError(client: pg.PoolClient, error: unknown): void {
    // A Postgres error leaves the connection usable; a socket failure does not.
    const isServerError = error === null || (typeof error === "object" && "severity" in error);
    client.release(isServerError ? undefined : error instanceof Error ? error : true);
  }
}
