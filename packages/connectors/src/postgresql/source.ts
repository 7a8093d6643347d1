/**
 * PostgreSQL source: a snapshot of a table or query, then (with `cursor.column`) new rows by an
 * increasing column, polled. The position is the last cursor value read (as the server's text),
 * or, without a cursor column, the number of snapshot rows read.
 *
 * Follow-by-cursor sees rows whose cursor value is greater than the last one read; a row that
 * commits later with a smaller value (concurrent writers of a sequence) is missed — `cdc=true`
 * is the exact alternative.
 */

import type pg from 'pg';
import type {
  EngineRecord,
  Source,
  SourceBatch,
  SourceDeadLetter,
  SourceOptions,
} from '../types.ts';
import type { PostgresConfig } from './config.ts';
import { connectClient, endClient, isTransient, sleep, withRetry } from './connect.ts';
import { quoteIdent, relationOf } from './sql.ts';
import { rowFromPg, textSize } from './values.ts';

/** Where a PostgreSQL source is: the last cursor value read, or snapshot rows read. */
export interface PostgresPosition {
  cursor?: string | null;
  rows: number;
}

function isPosition(v: unknown): v is PostgresPosition {
  return !!v && typeof v === 'object' && typeof (v as PostgresPosition).rows === 'number';
}

const SNAPSHOT_CURSOR = 'velo_snapshot';

/**
 * Statements that embed `query=` go through the extended protocol, which runs exactly one
 * statement: `query=SELECT 1) x; DROP TABLE t; --` fails instead of running the DROP.
 */
function extended(text: string, values: unknown[]): pg.QueryConfig {
  return { text, values, queryMode: 'extended' } as pg.QueryConfig;
}

export class PostgresSource implements Source {
  readonly uri: string;
  readonly bounded: boolean;
  private client: pg.Client | null = null;
  private position: PostgresPosition;
  /** Largest cursor value when the source opened: the end of the snapshot. */
  private snapshotEnd: string | null | undefined;
  private snapshotDone = false;
  private inTransaction = false;
  private finished = false;
  /** Text size of the rows converted for the batch being built. */
  private lastBytes = 0;
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly config: PostgresConfig,
    options: SourceOptions = {},
  ) {
    this.uri = config.safeUri;
    this.bounded = !config.follow;
    this.now = options.now ?? Date.now;
    this.position = isPosition(options.resumeFrom)
      ? { ...options.resumeFrom }
      : { cursor: null, rows: 0 };
  }

  async open(): Promise<void> {
    await this.connection();
    if (this.config.cursorColumn) {
      this.snapshotEnd = await this.query(
        `SELECT max(${quoteIdent(this.config.cursorColumn)})::text AS end FROM ${relationOf(this.config)}`,
        [],
      ).then((r) => (r.rows[0]?.end as string | null) ?? null);
    }
  }

  private async connection(): Promise<pg.Client> {
    // Read-only sessions: a `query=` is the user's SQL and must not write.
    if (!this.client) {
      this.client = await connectClient(this.config, 'source', { readOnly: true });
    }
    return this.client;
  }

  /** Runs a query, reconnecting (with backoff) when the connection is lost. */
  private query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    return withRetry(this.config, 'read from', async () => {
      const client = await this.connection();
      try {
        return await client.query(extended(text, values));
      } catch (error) {
        if (isTransient(error)) {
          this.client = null;
          this.inTransaction = false;
          await endClient(client);
        }
        throw error;
      }
    });
  }

  async readBatch(max: number): Promise<SourceBatch> {
    if (this.closed) throw new Error(`source '${this.uri}' is closed`);
    if (this.finished) return this.batch([], [], true);
    const limit = Math.max(1, Math.floor(max));
    return this.config.cursorColumn ? this.readByCursor(limit) : this.readSnapshot(limit);
  }

  private async readByCursor(limit: number): Promise<SourceBatch> {
    const column = quoteIdent(this.config.cursorColumn as string);
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (this.position.cursor != null) {
      values.push(this.position.cursor);
      conditions.push(`${column} > $${values.length}`);
    }
    const bounded = this.bounded || !this.snapshotDone;
    if (bounded && this.snapshotEnd != null) {
      values.push(this.snapshotEnd);
      conditions.push(`${column} <= $${values.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const result =
      bounded && this.snapshotEnd === null
        ? null // the table was empty when opened: the snapshot is empty
        : await this.query(
            `SELECT * FROM ${relationOf(this.config)} ${where} ORDER BY ${column} LIMIT ${limit}`,
            values,
          );
    const rows = result?.rows ?? [];
    const { records, deadLetters } = this.convert(result, rows);
    if (rows.length > 0) {
      const last = rows[rows.length - 1][this.config.cursorColumn as string];
      this.position = { cursor: last as string, rows: this.position.rows + rows.length };
    }
    let tableLoaded: boolean | undefined;
    if (!this.snapshotDone && rows.length < limit) {
      this.snapshotDone = true;
      tableLoaded = true;
    }
    if (this.bounded) {
      if (this.snapshotDone) this.finished = true;
      return this.batch(records, deadLetters, this.finished, tableLoaded);
    }
    if (rows.length === 0 && !tableLoaded) await this.idle();
    return this.batch(records, deadLetters, false, tableLoaded);
  }

  /** Without a cursor column: one consistent snapshot through a server-side cursor. */
  private async readSnapshot(limit: number): Promise<SourceBatch> {
    const result = await withRetry(this.config, 'read from', async () => {
      const client = await this.connection();
      try {
        if (!this.inTransaction) {
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          await client.query(
            extended(
              `DECLARE ${SNAPSHOT_CURSOR} NO SCROLL CURSOR FOR SELECT * FROM ${relationOf(this.config)}`,
              [],
            ),
          );
          this.inTransaction = true;
          if (this.position.rows > 0) {
            await client.query(`MOVE FORWARD ${this.position.rows} FROM ${SNAPSHOT_CURSOR}`);
          }
        }
        return await client.query(`FETCH FORWARD ${limit} FROM ${SNAPSHOT_CURSOR}`);
      } catch (error) {
        this.client = null;
        this.inTransaction = false;
        await endClient(client);
        throw error;
      }
    });
    const { records, deadLetters } = this.convert(result, result.rows);
    this.position = { rows: this.position.rows + result.rows.length };
    if (result.rows.length < limit) {
      this.finished = true;
      this.snapshotDone = true;
      await this.endTransaction();
      return this.batch(records, deadLetters, true, true);
    }
    return this.batch(records, deadLetters, false);
  }

  private convert(
    result: pg.QueryResult | null,
    rows: Record<string, unknown>[],
  ): { records: EngineRecord[]; deadLetters: SourceDeadLetter[] } {
    const records: EngineRecord[] = [];
    const deadLetters: SourceDeadLetter[] = [];
    this.lastBytes = 0;
    if (!result) return { records, deadLetters };
    const columns = result.fields.map((f) => ({ name: f.name, oid: f.dataTypeID }));
    const eventTime = this.now();
    let index = this.position.rows;
    for (const row of rows) {
      index++;
      this.lastBytes += textSize(row);
      try {
        records.push({ fields: rowFromPg(columns, row), eventTime });
      } catch (error) {
        deadLetters.push({
          location: `${this.uri}#${index}`,
          raw: JSON.stringify(row),
          reason: (error as Error).message,
        });
      }
    }
    return { records, deadLetters };
  }

  private batch(
    records: EngineRecord[],
    deadLetters: SourceDeadLetter[],
    done: boolean,
    tableLoaded?: boolean,
  ): SourceBatch {
    const batch: SourceBatch = {
      records,
      done,
      position: { ...this.position },
      deadLetters,
      bytes: this.lastBytes,
    };
    this.lastBytes = 0;
    if (tableLoaded) batch.tableLoaded = true;
    return batch;
  }

  /** Nothing new: wait one poll interval (in short steps so close() is prompt). */
  private async idle(): Promise<void> {
    const until = Date.now() + this.config.pollIntervalMs;
    while (!this.closed && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
  }

  private async endTransaction(): Promise<void> {
    if (!this.inTransaction || !this.client) return;
    this.inTransaction = false;
    await this.client.query('COMMIT').catch(() => {});
  }

  /** Positions live in the caller's checkpoints; nothing to acknowledge at the server. */
  async commit(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    await this.endTransaction();
    const client = this.client;
    this.client = null;
    await endClient(client);
  }
}

export async function createPostgresSource(
  config: PostgresConfig,
  options: SourceOptions,
): Promise<PostgresSource> {
  const source = new PostgresSource(config, options);
  try {
    await source.open();
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}
