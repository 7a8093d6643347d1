/**
 * `cdc=true`: a table's inserts, updates and deletes through logical replication (pgoutput),
 * as rows with an `_op` column (`insert`, `update`, `delete`). A publication for the table and a
 * replication slot are created when missing. The position is the end LSN of the last whole
 * transaction handed out plus how many changes of the next one were already handed out;
 * `commit(position)` acknowledges that LSN, so the slot advances only after a checkpoint.
 *
 * Started without a position, it (re)creates the slot and first hands out the table's rows as
 * `insert`s from the slot's own snapshot (cdc-snapshot.ts); with a position, or with
 * `snapshot=false`, an existing slot streams from where it is. Deletes carry the replica identity: the key columns by default, the
 * whole old row with `ALTER TABLE … REPLICA IDENTITY FULL`.
 */

import type { Pgoutput } from 'pg-logical-replication';
import type {
  EngineRecord,
  Source,
  SourceBatch,
  SourceDeadLetter,
  SourceOptions,
} from '../types.ts';
import { CdcSnapshot, createSlotWithSnapshot, type SnapshotProgress } from './cdc-snapshot.ts';
import type { PostgresConfig } from './config.ts';
import {
  backoffDelay,
  connectClient,
  endClient,
  PostgresConnectorError,
  reasonOf,
  sleep,
  withRetry,
} from './connect.ts';
import { bigIntToLsn, lsnToBigInt, ReplicationStream } from './replication-stream.ts';
import { quoteIdent, quoteTable, splitTable } from './sql.ts';
import { rowFromPg, textSize } from './values.ts';

export interface CdcPosition {
  /** End LSN of the last transaction whose changes were all handed out. */
  lsn: string;
  /** Changes of the following transaction already handed out (a batch may end inside one). */
  skip: number;
  /** Present while the initial snapshot is being read: how far it got. */
  snapshot?: SnapshotProgress;
}

type Queued =
  | {
      kind: 'change';
      op: 'insert' | 'update' | 'delete';
      row: Record<string, unknown>;
      relation: Pgoutput.MessageRelation;
    }
  | { kind: 'commit'; lsn: string };

const HIGH_WATER = 20_000;
const LOW_WATER = 5_000;

function isCdcPosition(v: unknown): v is CdcPosition {
  return (
    !!v &&
    typeof v === 'object' &&
    typeof (v as CdcPosition).lsn === 'string' &&
    typeof (v as CdcPosition).skip === 'number'
  );
}

/** Default slot/publication name from the table: `velo_<table>_<suffix>`, server-safe. */
export function defaultReplicationName(table: string, suffix: string): string {
  const base = table.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `velo_${base}`.slice(0, 63 - suffix.length - 1) + `_${suffix}`;
}

export class PostgresCdcSource implements Source {
  readonly uri: string;
  readonly bounded = false;
  readonly slot: string;
  readonly publication: string;
  private stream: ReplicationStream;
  private queue: Queued[] = [];
  private committedLsn: string;
  /** Changes of the current (unfinished) transaction already handed out. */
  private emittedInTxn: number;
  /** Changes of the first transaction after a restart that were handed out before it. */
  private toSkip: number;
  private failure: Error | null = null;
  /** Restarts since the stream last started streaming. */
  private failuresInARow = 0;
  /** The initial snapshot being read; streaming starts once it is done. */
  private snapshot: CdcSnapshot | null = null;
  private tableLoadedSent = false;
  private readonly resumePosition: CdcPosition | null;
  private wake: (() => void) | null = null;
  private closed = false;
  private readonly now: () => number;
  private readonly table: { schema: string; name: string };

  constructor(
    private readonly config: PostgresConfig,
    options: SourceOptions = {},
  ) {
    this.uri = config.safeUri;
    this.now = options.now ?? Date.now;
    const table = config.table as string;
    this.table = splitTable(table);
    this.slot = config.slot ?? defaultReplicationName(table, 'slot');
    this.publication = config.publication ?? defaultReplicationName(table, 'pub');
    const resume = isCdcPosition(options.resumeFrom) ? options.resumeFrom : null;
    this.resumePosition = resume;
    this.committedLsn = resume?.lsn ?? '0/0';
    this.emittedInTxn = resume?.skip ?? 0;
    this.toSkip = this.emittedInTxn;
    this.stream = new ReplicationStream(config, this.slot, this.publication);
  }

  /**
   * Creates the publication and the slot when missing, then reads the snapshot (new slot) or
   * starts streaming.
   */
  async open(): Promise<void> {
    const client = await connectClient(this.config, 'cdc');
    let slotExists: boolean;
    try {
      slotExists = await withRetry(this.config, 'prepare replication on', async () => {
        const pub = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [
          this.publication,
        ]);
        if (pub.rowCount === 0) {
          await client.query(
            `CREATE PUBLICATION ${quoteIdent(this.publication)} FOR TABLE ${quoteTable(this.config.table as string)}`,
          );
        }
        const slot = await client.query(
          'SELECT plugin FROM pg_replication_slots WHERE slot_name = $1',
          [this.slot],
        );
        if (slot.rowCount !== 0 && slot.rows[0].plugin !== 'pgoutput') {
          throw new PostgresConnectorError(
            `replication slot '${this.slot}' uses '${slot.rows[0].plugin}', not pgoutput (choose another with slot=)`,
          );
        }
        if (slot.rowCount !== 0 && this.config.snapshot && !this.resumePosition) {
          // No checkpoint means starting over: the slot (perhaps left by a run that died before
          // its snapshot was checkpointed) is replaced by a new one with a new snapshot.
          await client.query('SELECT pg_drop_replication_slot($1)', [this.slot]);
          return false;
        }
        if (slot.rowCount === 0 && (!this.config.snapshot || this.resumePosition)) {
          if (this.resumePosition) {
            // The changes since the checkpoint went with the slot: say so instead of skipping them.
            throw new PostgresConnectorError(
              `replication slot '${this.slot}' of '${this.uri}' no longer exists: the changes since the last checkpoint are gone (start without the checkpoint to take a new snapshot)`,
            );
          }
          const created = await client.query(
            `SELECT lsn::text FROM pg_create_logical_replication_slot($1, 'pgoutput')`,
            [this.slot],
          );
          this.committedLsn = created.rows[0].lsn as string;
          return true;
        }
        return slot.rowCount !== 0;
      });
    } finally {
      await endClient(client);
    }
    if (!slotExists) {
      const created = await createSlotWithSnapshot(this.config, this.slot);
      try {
        this.committedLsn = created.lsn;
        this.snapshot = await CdcSnapshot.open(
          this.config,
          { rows: 0, after: null },
          created.snapshotName,
        );
      } finally {
        // The snapshot is imported (or failed): the exporting session may go.
        await endClient(created.holder);
      }
      return;
    }
    if (this.resumePosition?.snapshot) {
      this.snapshot = await CdcSnapshot.open(this.config, this.resumePosition.snapshot);
      return;
    }
    await this.startStream();
  }

  private async startStream(): Promise<void> {
    this.queue = [];
    this.failure = null;
    await this.stream.start(this.committedLsn, {
      onMessage: (message) => this.onMessage(message),
      onStarted: () => {
        this.failuresInARow = 0;
      },
      onError: (error) => {
        this.failure = error;
        this.wake?.();
      },
    });
  }

  private onMessage(message: Pgoutput.Message): void {
    switch (message.tag) {
      case 'insert':
        this.enqueue('insert', message.relation, message.new);
        break;
      case 'update': {
        // A changed key is a delete of the old row and an insert of the new one, so a consumer
        // keyed by it (an upsert sink, a table) drops the old key instead of keeping both.
        const before = message.key ?? message.old;
        const keys = message.relation.keyColumns;
        if (before && keys.some((k) => before[k] !== undefined && before[k] !== message.new[k])) {
          this.enqueue('delete', message.relation, before);
          this.enqueue('insert', message.relation, message.new);
        } else {
          this.enqueue('update', message.relation, message.new);
        }
        break;
      }
      case 'delete':
        this.enqueue('delete', message.relation, message.old ?? message.key ?? {});
        break;
      case 'commit':
        // The parser pads LSNs (`00000000/06D75380`); positions use the server's form.
        this.queue.push({
          kind: 'commit',
          lsn: bigIntToLsn(lsnToBigInt(message.commitEndLsn as string)),
        });
        this.wake?.();
        break;
      default:
        // begin, relation, type, origin, truncate, message: nothing to hand out
        break;
    }
    if (this.queue.length >= HIGH_WATER) this.stream.pause();
  }

  private enqueue(
    op: 'insert' | 'update' | 'delete',
    relation: Pgoutput.MessageRelation,
    row: Record<string, unknown>,
  ): void {
    // A publication given with publication= may hold other tables too.
    if (relation.schema !== this.table.schema || relation.name !== this.table.name) return;
    this.queue.push({ kind: 'change', op, row, relation });
  }

  async readBatch(max: number): Promise<SourceBatch> {
    if (this.closed) throw new Error(`source '${this.uri}' is closed`);
    if (this.snapshot) return this.readSnapshot(Math.max(1, Math.floor(max)));
    if (this.failure) await this.restart();
    if (this.queue.length === 0) await this.waitForData(this.config.pollIntervalMs);
    const limit = Math.max(1, Math.floor(max));
    const records: EngineRecord[] = [];
    const deadLetters: SourceDeadLetter[] = [];
    const eventTime = this.now();
    let bytes = 0;
    let i = 0;
    for (; i < this.queue.length; i++) {
      const item = this.queue[i];
      if (item.kind === 'commit') {
        this.committedLsn = item.lsn;
        this.emittedInTxn = 0;
        this.toSkip = 0;
        continue;
      }
      if (records.length + deadLetters.length >= limit) break;
      this.emittedInTxn++;
      if (this.toSkip > 0) {
        this.toSkip--;
        continue;
      }
      bytes += textSize(item.row);
      const columns = item.relation.columns.map((c) => ({ name: c.name, oid: c.typeOid }));
      try {
        const fields = rowFromPg(columns, item.row);
        fields._op = item.op;
        records.push({ fields, eventTime });
      } catch (error) {
        deadLetters.push({
          location: `${this.uri}@${this.committedLsn}+${this.emittedInTxn}`,
          raw: JSON.stringify({ _op: item.op, ...item.row }),
          reason: (error as Error).message,
        });
      }
    }
    this.queue.splice(0, i);
    if (this.queue.length <= LOW_WATER) this.stream.resume();
    const position: CdcPosition = { lsn: this.committedLsn, skip: this.emittedInTxn };
    const batch: SourceBatch = { records, done: false, position, deadLetters, bytes };
    if (!this.tableLoadedSent) {
      // Nothing to load first (no snapshot, or it is done): the table is as current as it gets.
      this.tableLoadedSent = true;
      batch.tableLoaded = true;
    }
    return batch;
  }

  private async readSnapshot(limit: number): Promise<SourceBatch> {
    const snapshot = this.snapshot as CdcSnapshot;
    let page: Awaited<ReturnType<CdcSnapshot['read']>>;
    try {
      page = await snapshot.read(limit);
    } catch (error) {
      throw new PostgresConnectorError(
        `cannot read the snapshot of '${this.uri}': ${reasonOf(error)}`,
        { cause: error },
      );
    }
    const records: EngineRecord[] = [];
    const deadLetters: SourceDeadLetter[] = [];
    const eventTime = this.now();
    const first = snapshot.position.rows - page.rows.length;
    page.rows.forEach((row, i) => {
      try {
        const fields = rowFromPg(page.columns, row);
        fields._op = 'insert';
        records.push({ fields, eventTime });
      } catch (error) {
        deadLetters.push({
          location: `${this.uri}#snapshot:${first + i + 1}`,
          raw: JSON.stringify({ _op: 'insert', ...row }),
          reason: (error as Error).message,
        });
      }
    });
    const position: CdcPosition = { lsn: this.committedLsn, skip: 0 };
    const bytes = page.rows.reduce((sum: number, row) => sum + textSize(row), 0);
    if (page.done) {
      this.snapshot = null;
      await snapshot.close();
      await this.startStream();
    } else {
      position.snapshot = snapshot.position;
    }
    const batch: SourceBatch = { records, done: false, position, deadLetters, bytes };
    if (page.done) {
      this.tableLoadedSent = true;
      batch.tableLoaded = true;
    }
    return batch;
  }

  private waitForData(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  /**
   * The replication connection failed: reconnect from what was handed out, after a backoff.
   * Failing `connect.retries` times in a row without the stream starting fails the source.
   */
  private async restart(): Promise<void> {
    const cause = this.failure;
    await this.stream.stop();
    this.failuresInARow++;
    if (this.failuresInARow > this.config.retry.retries) {
      const hint = /is active for PID/.test(reasonOf(cause))
        ? ' (another reader holds the slot: give each job its own slot=)'
        : '';
      throw new PostgresConnectorError(
        `replication from '${this.uri}' failed ${this.failuresInARow} times in a row: ${reasonOf(cause)}${hint}`,
        { cause },
      );
    }
    await sleep(backoffDelay(this.config.retry, this.failuresInARow - 1));
    this.toSkip = this.emittedInTxn;
    await this.startStream();
  }

  async commit(position: unknown): Promise<void> {
    if (!isCdcPosition(position) || this.closed) return;
    this.stream.acknowledge(position.lsn);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.snapshot?.close();
    this.snapshot = null;
    await this.stream.stop();
  }
}

export async function createPostgresCdcSource(
  config: PostgresConfig,
  options: SourceOptions,
): Promise<PostgresCdcSource> {
  const source = new PostgresCdcSource(config, options);
  try {
    await source.open();
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}
