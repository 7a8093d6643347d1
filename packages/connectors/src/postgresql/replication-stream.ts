/**
 * One logical replication connection (pgoutput): starts streaming a slot from an LSN, decodes
 * messages with pg-logical-replication's pgoutput parser, and reports the flushed position only
 * when told to (`acknowledge`), so the slot advances only after a checkpoint.
 *
 * pg-logical-replication's own service acknowledges on its own timer and parses values with pg's
 * global type parsers; here the stream is driven directly so values stay the server's text and
 * acknowledgement is explicit.
 */
import type pg from 'pg';
import { type Pgoutput, PgoutputPlugin } from 'pg-logical-replication';
import type { PostgresConfig } from './config.ts';
import { connectClient, endClient } from './connect.ts';
import { quoteIdent } from './sql.ts';

/** `16/B374D848` ↔ 64-bit integer. */
export function lsnToBigInt(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

export function bigIntToLsn(n: bigint): string {
  return `${(n >> 32n).toString(16).toUpperCase()}/${(n & 0xffffffffn).toString(16).toUpperCase()}`;
}

// Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01).
const PG_EPOCH_MICROS = 946_684_800_000_000n;
const STATUS_INTERVAL_MS = 10_000;

export interface ReplicationHandlers {
  onMessage(message: Pgoutput.Message): void;
  /** The server accepted START_REPLICATION (the slot is ours). */
  onStarted?(): void;
  onError(error: Error): void;
}

const identity = (text: unknown) => text;

export class ReplicationStream {
  private client: pg.Client | null = null;
  /** Highest WAL position received (reported as written). */
  private received = 0n;
  /** Highest position the caller acknowledged (reported as flushed and applied). */
  private flushed = 0n;
  private timer: ReturnType<typeof setInterval> | null = null;
  private paused = false;
  private stopped = false;

  constructor(
    private readonly config: PostgresConfig,
    private readonly slot: string,
    private readonly publication: string,
  ) {}

  async start(fromLsn: string, handlers: ReplicationHandlers): Promise<void> {
    // `flushed` is not reset: only acknowledge() moves it, whatever LSN streaming restarts at.
    this.stopped = false;
    const client = await connectClient(this.config, 'replication', {
      replication: 'database',
    } as pg.ClientConfig);
    this.client = client;
    const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [this.publication] });
    // biome-ignore lint/suspicious/noExplicitAny: pg's Connection is not in its public types
    const connection = (client as any).connection;
    connection.once('replicationStart', () => handlers.onStarted?.());
    connection.on('copyData', ({ chunk }: { chunk: Buffer }) => {
      try {
        this.onCopyData(chunk, plugin, handlers);
      } catch (error) {
        handlers.onError(error as Error);
      }
    });
    client.on('error', (error) => {
      if (!this.stopped) handlers.onError(error);
    });
    client.on('end', () => {
      if (!this.stopped) handlers.onError(new Error('replication connection closed'));
    });
    const slot = quoteIdent(this.slot);
    const options = `proto_version '1', publication_names '${quoteIdent(this.publication)}'`;
    client
      .query(`START_REPLICATION SLOT ${slot} LOGICAL ${fromLsn} (${options})`)
      .catch((error: Error) => {
        if (!this.stopped) handlers.onError(error);
      });
    this.timer = setInterval(() => this.sendStatus(false), STATUS_INTERVAL_MS);
  }

  private onCopyData(chunk: Buffer, plugin: PgoutputPlugin, handlers: ReplicationHandlers): void {
    if (chunk[0] === 0x77) {
      // XLogData: 'w', start LSN, end LSN, send time, then one pgoutput message.
      const end = chunk.readBigUInt64BE(9);
      if (end > this.received) this.received = end;
      const message = plugin.parse(chunk.subarray(25));
      if (message.tag === 'relation') {
        // Keep every value as the server's text; values.ts converts by type OID.
        for (const column of message.columns) column.parser = identity;
      }
      handlers.onMessage(message);
    } else if (chunk[0] === 0x6b) {
      // Primary keepalive: 'k', end LSN, send time, reply requested.
      const end = chunk.readBigUInt64BE(1);
      if (end > this.received) this.received = end;
      if (chunk[17] === 1) this.sendStatus(false);
    }
  }

  /** Reports `lsn` as flushed: the server may discard WAL before it and the slot advances. */
  acknowledge(lsn: string): void {
    const position = lsnToBigInt(lsn);
    if (position > this.flushed) this.flushed = position;
    this.sendStatus(true);
  }

  private sendStatus(replyRequested: boolean): void {
    // biome-ignore lint/suspicious/noExplicitAny: see start()
    const connection = (this.client as any)?.connection;
    if (!connection || this.stopped) return;
    let written = this.flushed;
    if (this.received > written) written = this.received;
    const status = Buffer.alloc(34);
    status[0] = 0x72; // 'r': standby status update
    status.writeBigUInt64BE(written, 1);
    status.writeBigUInt64BE(this.flushed, 9);
    status.writeBigUInt64BE(this.flushed, 17);
    status.writeBigUInt64BE(BigInt(Date.now()) * 1000n - PG_EPOCH_MICROS, 25);
    status[33] = replyRequested ? 1 : 0;
    connection.sendCopyFromChunk(status);
  }

  /** Stops reading from the socket (back-pressure); the server buffers in the slot. */
  pause(): void {
    if (this.paused) return;
    this.paused = true;
    // biome-ignore lint/suspicious/noExplicitAny: see start()
    (this.client as any)?.connection?.stream?.pause?.();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    // biome-ignore lint/suspicious/noExplicitAny: see start()
    (this.client as any)?.connection?.stream?.resume?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.client && !this.stopped) this.sendStatus(false);
    this.stopped = true;
    const client = this.client;
    this.client = null;
    await endClient(client);
  }
}
