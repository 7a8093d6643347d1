/**
 * PostgreSQL sink: each batch is one transaction of multi-row INSERTs, or, with
 * `mode=upsert&key=id`, INSERT … ON CONFLICT (key) DO UPDATE (the last row of a key in a batch
 * wins). `create=true` creates the table when missing, from the column types the caller declares
 * or, failing that, the types seen in the first batch (DECIMAL → numeric(38,s), s its largest
 * scale). A value the target column cannot hold exactly fails the batch with an error naming the
 * column (the sink contract has no dead-letter path, and rounding silently would lose data).
 * With `holdTransactions()` (exactly-once, decided by the worker) batches stay in one open
 * transaction that commits only at a checkpoint, together with what the caller writes in it.
 */
import { type EngineRecord, inferSchema } from '@velo/engine';
import type pg from 'pg';
import type { Sink, SinkOptions } from '../types.ts';
import type { PostgresConfig } from './config.ts';
import {
  connectClient,
  endClient,
  isTransient,
  PostgresConnectorError,
  reasonOf,
  withRetry,
} from './connect.ts';
import {
  type CreateColumn,
  pgTypeFor,
  SinkValueError,
  type TargetColumn,
  toParam,
} from './sink-values.ts';
import { quoteIdent, quoteTable } from './sql.ts';

/** SQL run inside the sink's open transaction by the caller (the worker's checkpoint write). */
export type SinkTransactionSql = (
  text: string,
  values: unknown[],
) => Promise<Record<string, unknown>[]>;

/** Which server and database a sink writes to: equal identities mean the same database. */
export interface ServerIdentity {
  /** pg_control_system().system_identifier: set by initdb, unique per cluster. */
  systemIdentifier: string;
  database: string;
  /** The session's first schema (where unqualified names resolve). */
  schema: string;
  /** The role the sink writes as. */
  user: string;
}

export interface PostgresSinkOptions extends SinkOptions {
  /** Output column types for `create=true` (from the analyzed query); inferred when absent. */
  columns?: CreateColumn[];
}

/** PostgreSQL accepts at most 65535 bind parameters per statement. */
const MAX_PARAMS = 65_535;
const MAX_ROWS_PER_STATEMENT = 1_000;
const UNNEST_ROWS_PER_STATEMENT = 10_000;

export class PostgresSink implements Sink {
  readonly uri: string;
  private client: pg.Client | null = null;
  /** Columns of the target table, by name; null until the table exists. */
  private target: Map<string, TargetColumn> | null = null;
  private readonly table: string;
  /** Exactly-once: writes stay in an open transaction until commitWith(). */
  private holding = false;
  private inTransaction = false;
  /** Why the held transaction is gone (its output rolled back); later writes refuse. */
  private broken: Error | null = null;

  constructor(
    private readonly config: PostgresConfig,
    private readonly options: PostgresSinkOptions = {},
  ) {
    this.uri = config.safeUri;
    this.table = quoteTable(config.table as string);
  }

  async open(): Promise<void> {
    this.target = await this.loadTarget();
    if (!this.target && !this.config.create) {
      throw new PostgresConnectorError(
        `table ${this.table} does not exist in '${this.uri}' (add create=true to create it)`,
      );
    }
    if (!this.target && this.options.columns) await this.createTable(this.options.columns);
  }

  private async connection(): Promise<pg.Client> {
    if (!this.client) this.client = await connectClient(this.config, 'sink');
    return this.client;
  }

  /** Runs `action` on a connection, reconnecting (with backoff) when it is lost. */
  private run<T>(what: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
    return withRetry(this.config, what, async () => {
      const client = await this.connection();
      try {
        return await action(client);
      } catch (error) {
        if (isTransient(error)) {
          this.client = null;
          await endClient(client);
        }
        throw error;
      }
    });
  }

  private async loadTarget(): Promise<Map<string, TargetColumn> | null> {
    const result = await this.run('read the table of', (client) =>
      client.query(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
                format_type(a.atttypid, NULL) AS base_type, t.typname, a.atttypmod AS typmod
           FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
          WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum`,
        [this.table],
      ),
    );
    if (result.rows.length === 0) return null;
    return new Map(
      result.rows.map((r) => [
        r.name as string,
        {
          name: r.name,
          type: r.type,
          baseType: r.base_type,
          typname: r.typname,
          typmod: Number(r.typmod),
        },
      ]),
    );
  }

  private async createTable(columns: CreateColumn[]): Promise<void> {
    const defs = columns.map((c) => `${quoteIdent(c.name)} ${pgTypeFor(c)}`);
    if (this.config.mode === 'upsert') {
      defs.push(`PRIMARY KEY (${this.config.key.map(quoteIdent).join(', ')})`);
    }
    await this.run('create the table in', (client) =>
      client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (${defs.join(', ')})`),
    );
    this.target = await this.loadTarget();
  }

  async writeBatch(columns: string[], records: EngineRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    if (!this.target) {
      const inferred = inferSchema(records).columns;
      const byName = new Map(inferred.map((c) => [c.name, c]));
      await this.createTable(
        columns.map((name) => {
          const c = byName.get(name);
          return { name, type: c?.type ?? 'NULL', scale: c?.scale };
        }),
      );
    }
    const target = this.target as Map<string, TargetColumn>;
    const targets = columns.map((name) => {
      const column = target.get(name);
      if (!column) {
        throw new PostgresConnectorError(
          `column "${name}" does not exist in table ${this.table} of '${this.uri}'`,
        );
      }
      return column;
    });
    for (const key of this.config.key) {
      if (!columns.includes(key)) {
        throw new PostgresConnectorError(
          `upsert key column "${key}" is not in the output (columns: ${columns.join(', ')})`,
        );
      }
    }
    const rows = this.config.mode === 'upsert' ? this.lastPerKey(records) : records;
    // Bytes of the values' text (what the runtime's bytes-out metric counts).
    let bytes = 0;
    const params: (string | boolean | null)[][] = rows.map((record) =>
      targets.map((column) => {
        try {
          const param = toParam(record.fields[column.name], column);
          if (typeof param === 'string') bytes += param.length;
          return param;
        } catch (error) {
          if (error instanceof SinkValueError) {
            throw new PostgresConnectorError(`cannot write to '${this.uri}': ${error.message}`);
          }
          throw error;
        }
      }),
    );
    const statements: [string, unknown[]][] = targets.some((t) => t.typname.startsWith('_'))
      ? this.statements(columns, params)
      : this.unnestStatements(columns, targets, params);
    if (this.holding) {
      await this.writeHeld(statements);
      return bytes;
    }
    await this.run('write to', async (client) => {
      await client.query('BEGIN');
      try {
        for (const [text, values] of statements) await client.query(text, values);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
    return bytes;
  }

  /** Upsert: one row per key (the last), since ON CONFLICT cannot touch a row twice. */
  private lastPerKey(records: EngineRecord[]): EngineRecord[] {
    const byKey = new Map<string, EngineRecord>();
    for (const record of records) {
      const key = JSON.stringify(
        this.config.key.map((k) => {
          const v = record.fields[k];
          return v === null || v === undefined ? null : String(v);
        }),
      );
      byKey.delete(key);
      byKey.set(key, record);
    }
    return [...byKey.values()];
  }

  /** Multi-row VALUES, for tables with array-typed columns. */
  private statements(
    columns: string[],
    rows: (string | boolean | null)[][],
  ): [string, (string | boolean | null)[]][] {
    const names = columns.map(quoteIdent).join(', ');
    const conflict = this.conflictClause(columns);
    const perStatement = Math.max(
      1,
      Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / Math.max(1, columns.length))),
    );
    const out: [string, (string | boolean | null)[]][] = [];
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: (string | boolean | null)[] = [];
      const tuples = chunk.map((row) => {
        const slots = row.map((v) => {
          values.push(v);
          return `$${values.length}`;
        });
        return `(${slots.join(', ')})`;
      });
      out.push([
        `INSERT INTO ${this.table} (${names}) VALUES ${tuples.join(', ')}${conflict}`,
        values,
      ]);
    }
    return out;
  }

  /**
   * One `INSERT … SELECT * FROM unnest($1::type[], …)` per chunk: one parameter per column
   * instead of per value, so the server parses a short statement (about 2× the rows/s of
   * multi-row VALUES here). Array-typed columns use VALUES (unnest would flatten them).
   */
  private unnestStatements(
    columns: string[],
    targets: TargetColumn[],
    rows: (string | boolean | null)[][],
  ): [string, (string | boolean | null)[][]][] {
    const names = columns.map(quoteIdent).join(', ');
    // Arrays of the type without its modifier: an explicit cast to varchar(20) or numeric(12,2)
    // would truncate or round, while the INSERT's assignment to the column raises an error.
    const arrays = targets.map((t, i) => `$${i + 1}::${t.baseType}[]`).join(', ');
    const text = `INSERT INTO ${this.table} (${names}) SELECT * FROM unnest(${arrays})${this.conflictClause(columns)}`;
    const out: [string, (string | boolean | null)[][]][] = [];
    for (let start = 0; start < rows.length; start += UNNEST_ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + UNNEST_ROWS_PER_STATEMENT);
      out.push([text, columns.map((_, c) => chunk.map((row) => row[c]))]);
    }
    return out;
  }

  private conflictClause(columns: string[]): string {
    if (this.config.mode !== 'upsert') return '';
    const keys = this.config.key.map(quoteIdent).join(', ');
    const updates = columns
      .filter((c) => !this.config.key.includes(c))
      .map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`);
    return updates.length
      ? ` ON CONFLICT (${keys}) DO UPDATE SET ${updates.join(', ')}`
      : ` ON CONFLICT (${keys}) DO NOTHING`;
  }

  get mode(): 'insert' | 'upsert' {
    return this.config.mode;
  }

  /** The server and database this sink writes to (see ServerIdentity). */
  async serverIdentity(): Promise<ServerIdentity> {
    const result = await this.run('identify the server of', (client) =>
      client.query(
        `SELECT system_identifier::text AS id, current_database() AS db, current_schema() AS schema,
                current_user AS "user"
           FROM pg_control_system()`,
      ),
    );
    const row = result.rows[0];
    return { systemIdentifier: row.id, database: row.db, schema: row.schema, user: row.user };
  }

  /**
   * From now on every batch goes into one open transaction, committed only by commitWith() (a
   * checkpoint); closing the sink rolls it back. Call before the first write.
   */
  holdTransactions(): void {
    this.holding = true;
  }

  /**
   * Runs `inside` in the open transaction (begun when no batch began it) and commits: the
   * batches since the last commit and what `inside` writes become visible together, or not at
   * all. A failure rolls everything back and is thrown.
   */
  async commitWith<T>(inside: (sql: SinkTransactionSql) => Promise<T>): Promise<T> {
    const client = await this.heldClient();
    let result: T;
    try {
      result = await inside(async (text, values) => (await client.query(text, values)).rows);
    } catch (error) {
      // the caller's own error (a lost lease, say) is thrown as it is
      await this.abandon(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    try {
      // COMMIT of a transaction the server already aborted answers ROLLBACK instead of failing
      const commit = await client.query('COMMIT');
      this.inTransaction = false;
      if (commit.command !== 'COMMIT') throw new Error('the transaction was rolled back');
      return result;
    } catch (error) {
      throw await this.abandon(this.heldFailure(error, 'commit the output and checkpoint to'));
    }
  }

  /** The connection with a transaction open on it (begun now if needed). */
  private async heldClient(): Promise<pg.Client> {
    if (this.broken) throw this.broken;
    if (this.inTransaction && this.client) return this.client;
    // no transaction yet: connecting may retry, nothing is lost
    const client = await this.run('begin a transaction in', async (c) => {
      await c.query('BEGIN');
      return c;
    });
    this.inTransaction = true;
    return client;
  }

  /**
   * A batch into the held transaction. No retry: a lost connection took the transaction's
   * output since the last checkpoint with it, so the run must fail and resume from there.
   */
  private async writeHeld(statements: [string, unknown[]][]): Promise<void> {
    const client = await this.heldClient();
    try {
      for (const [text, values] of statements) await client.query(text, values);
    } catch (error) {
      throw await this.abandon(this.heldFailure(error, 'write to'));
    }
  }

  /** Rolls the held transaction back and closes its connection; later writes throw `failure`. */
  private async abandon(failure: Error): Promise<Error> {
    this.inTransaction = false;
    this.broken = failure;
    const client = this.client;
    this.client = null;
    await client?.query('ROLLBACK').catch(() => {});
    await endClient(client);
    return failure;
  }

  private heldFailure(error: unknown, what: string): Error {
    if (error instanceof PostgresConnectorError) return error;
    return new PostgresConnectorError(
      `cannot ${what} '${this.uri}': ${reasonOf(error)} (the output since the last checkpoint is rolled back)`,
      { cause: error },
    );
  }

  /** Batches are committed by writeBatch (or, holding transactions, by commitWith). */
  async flush(): Promise<void> {}

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    // a held transaction is never committed here: ending the session rolls it back
    this.inTransaction = false;
    await endClient(client);
  }
}

export async function createPostgresSink(
  config: PostgresConfig,
  options: PostgresSinkOptions,
): Promise<PostgresSink> {
  const sink = new PostgresSink(config, options);
  try {
    await sink.open();
  } catch (error) {
    await sink.close();
    throw error;
  }
  return sink;
}
