/**
 * The initial snapshot of `cdc=true`: when the connector creates the replication slot it asks the
 * server to export the slot's snapshot, reads the table in exactly that snapshot, and streaming
 * then starts at the slot's consistent point — every row is seen once, either in the snapshot or
 * as a later change.
 *
 * Tables with a primary key are read in key order, so a snapshot interrupted by a restart goes
 * on after the last key read (in a new, later snapshot: a row changed meanwhile can then arrive
 * both in the rest of the snapshot and as a change). Without a primary key the rest is found by
 * skipping the rows already read.
 */
import type pg from 'pg';
import type { PostgresConfig } from './config.ts';
import { connectClient, endClient, PostgresConnectorError, reasonOf } from './connect.ts';
import { quoteIdent, quoteTable } from './sql.ts';

/** How far the snapshot got: kept in the CDC position until it is done. */
export interface SnapshotProgress {
  rows: number;
  /** Primary-key values (text) of the last row read; null before the first row or without a key. */
  after: string[] | null;
}

export interface SnapshotPage {
  columns: { name: string; oid: number }[];
  rows: Record<string, unknown>[];
  done: boolean;
}

const CURSOR = 'velo_cdc_snapshot';

/**
 * Creates `slot` over the replication protocol with an exported snapshot; returns the slot's
 * consistent point and the replication client, which must stay open (and idle) until the
 * snapshot was imported.
 */
export async function createSlotWithSnapshot(
  config: PostgresConfig,
  slot: string,
): Promise<{ lsn: string; snapshotName: string; holder: pg.Client }> {
  const holder = await connectClient(config, 'cdc', { replication: 'database' } as pg.ClientConfig);
  try {
    let result: pg.QueryResult;
    try {
      result = await holder.query(
        `CREATE_REPLICATION_SLOT ${quoteIdent(slot)} LOGICAL pgoutput (SNAPSHOT 'export')`,
      );
    } catch (error) {
      // Servers before 15 only know the older spelling.
      if ((error as { code?: string }).code !== '42601') throw error;
      result = await holder.query(
        `CREATE_REPLICATION_SLOT ${quoteIdent(slot)} LOGICAL pgoutput EXPORT_SNAPSHOT`,
      );
    }
    const row = result.rows[0] as { consistent_point: string; snapshot_name: string };
    return { lsn: row.consistent_point, snapshotName: row.snapshot_name, holder };
  } catch (error) {
    await endClient(holder);
    throw new PostgresConnectorError(
      `cannot create replication slot '${slot}' on '${config.safeUri}': ${reasonOf(error)}`,
      { cause: error },
    );
  }
}

export class CdcSnapshot {
  private constructor(
    private readonly client: pg.Client,
    private readonly table: string,
    private readonly keys: string[],
    private progress: SnapshotProgress,
    private cursorOpen: boolean,
  ) {}

  /**
   * Opens the snapshot: the exported one (`snapshotName`, right after the slot was created) or,
   * when resuming, a new one continuing after `progress`.
   */
  static async open(
    config: PostgresConfig,
    progress: SnapshotProgress,
    snapshotName?: string,
  ): Promise<CdcSnapshot> {
    const client = await connectClient(config, 'cdc', { readOnly: true });
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (snapshotName) {
        await client.query(`SET TRANSACTION SNAPSHOT '${snapshotName.replaceAll("'", "''")}'`);
      }
      const table = quoteTable(config.table as string);
      const keys = await client.query(
        `SELECT a.attname AS name FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = to_regclass($1) AND i.indisprimary
          ORDER BY array_position(i.indkey, a.attnum)`,
        [table],
      );
      const keyNames = keys.rows.map((r) => r.name as string);
      let cursorOpen = false;
      if (keyNames.length === 0) {
        await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT * FROM ${table}`);
        if (progress.rows > 0) await client.query(`MOVE FORWARD ${progress.rows} FROM ${CURSOR}`);
        cursorOpen = true;
      }
      return new CdcSnapshot(client, table, keyNames, { ...progress }, cursorOpen);
    } catch (error) {
      await endClient(client);
      throw new PostgresConnectorError(
        `cannot read the snapshot of '${config.safeUri}': ${reasonOf(error)}`,
        { cause: error },
      );
    }
  }

  get position(): SnapshotProgress {
    return { rows: this.progress.rows, after: this.progress.after };
  }

  async read(limit: number): Promise<SnapshotPage> {
    let result: pg.QueryResult;
    if (this.cursorOpen) {
      result = await this.client.query(`FETCH FORWARD ${limit} FROM ${CURSOR}`);
    } else {
      const order = this.keys.map(quoteIdent).join(', ');
      const after = this.progress.after;
      const where = after
        ? `WHERE (${order}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})`
        : '';
      result = await this.client.query(
        `SELECT * FROM ${this.table} ${where} ORDER BY ${order} LIMIT ${limit}`,
        after ?? [],
      );
      const last = result.rows[result.rows.length - 1];
      if (last) this.progress.after = this.keys.map((k) => last[k] as string);
    }
    this.progress.rows += result.rows.length;
    return {
      columns: result.fields.map((f) => ({ name: f.name, oid: f.dataTypeID })),
      rows: result.rows,
      done: result.rows.length < limit,
    };
  }

  async close(): Promise<void> {
    await this.client.query('COMMIT').catch(() => {});
    await endClient(this.client);
  }
}
