/**
 * The contract between the run loop and its connectors (sources and sinks). Pure types, no
 * Node built-ins: the browser preview implements these too. Connectors (packages/connectors)
 * implement Source and Sink; the CLI, the worker and the preview call `run` (run.ts).
 */
import type { EngineRecord, Value } from '@velo/engine';

/** Opaque, JSON-serializable resume point of a source (stored in checkpoints). */
export type SourcePosition = unknown;

/** A record a source could not decode (malformed line, bad CSV field, undecodable message). */
export interface SourceDeadLetter {
  /** Where it came from, e.g. `/data/orders.jsonl:17` or `orders/2@1042` (topic/partition@offset). */
  location: string;
  line?: number;
  /** The raw payload as text (binary payloads base64-encoded, with `encoding: 'base64'`). */
  raw: string;
  encoding?: 'utf8' | 'base64';
  reason: string;
}

export interface SourceBatch {
  records: EngineRecord[];
  /** True once a bounded source has nothing more to read (unbounded sources never set it). */
  done: boolean;
  /**
   * True once a source read as a table (the join side, a compacted topic) has reached the end
   * it saw when it started: the run loop then releases the stream side (markTableLoaded).
   */
  tableLoaded?: boolean;
  /** Position after the last record of this batch; pass to `commit` once it is checkpointed. */
  position: SourcePosition;
  deadLetters: SourceDeadLetter[];
  /** Bytes read for this batch (payload sizes), for metrics; 0 when unknown. */
  bytes?: number;
}

/** How far a source's reader is behind, per partition (Kafka consumer lag). */
export interface SourceLag {
  partition: string;
  /** Records not yet read. */
  records: number;
  /** Timestamp of the newest unread record minus that of the last one read (0 when caught up). */
  seconds: number;
}

export interface Source {
  readonly uri: string;
  readonly bounded: boolean;
  /** Reads up to `max` records; may return fewer (or none, for an idle unbounded source). */
  readBatch(max: number): Promise<SourceBatch>;
  /** Makes `position` durable at the source (Kafka offsets, ...). Called only after a checkpoint. */
  commit(position: SourcePosition): Promise<void>;
  /** Current lag per partition; optional and may be slow (the run loop polls it in the background). */
  lag?(): Promise<SourceLag[]>;
  /** Stops fetching while the run loop is back-pressured; optional. */
  pause?(): void;
  resume?(): void;
  close(): Promise<void>;
}

export interface Sink {
  readonly uri: string;
  /** Writes (or buffers) a batch; may resolve to the bytes it wrote, for metrics. */
  // biome-ignore lint/suspicious/noConfusingVoidType: sinks that do not count bytes return Promise<void>
  writeBatch(columns: string[], records: EngineRecord[]): Promise<void | number>;
  /** Makes everything written so far durable (called before every checkpoint). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface SourceOptions {
  /** A position returned by an earlier `readBatch`, to resume after it. */
  resumeFrom?: SourcePosition;
  /** Clock for processing-time event times (tests pass a fixed one). */
  now?: () => number;
  /** Read as a table (join side): load to the current end, report `tableLoaded`, keep current. */
  asTable?: boolean;
  /** A saved connection resolved by the caller (worker/API): its config and decrypted secret. */
  connection?: ResolvedConnection;
  /**
   * One task of a parallel job: a partitioned source reads only this task's share (Kafka: the
   * partitions p with p % count == index, as a member of the consumer group `group`).
   */
  task?: SourceTask;
  /**
   * Called when a partitioned stream source's share of its topic changes (a consumer-group
   * rebalance: join, a member leaving or coming back), with the partitions it reads from now on.
   */
  onAssignment?: (assignment: { topic: string; partitions: number[] }) => void;
}

export interface SourceTask {
  index: number;
  count: number;
  /** The task's lease epoch (a newer claim of the same task wins its partitions). */
  epoch: number;
  /** The consumer group of the job's tasks (unless the source names its own). */
  group: string;
}

export interface SinkOptions {
  /** Append to an existing file instead of replacing it (used when resuming from a checkpoint). */
  append?: boolean;
  /** A saved connection resolved by the caller (worker/API): its config and decrypted secret. */
  connection?: ResolvedConnection;
}

/** `kafka://@name/...` resolved by the caller: connectors never read the database. */
export interface ResolvedConnection {
  name: string;
  type: string;
  config: Record<string, unknown>;
  secret?: string;
}

export type { EngineRecord, Value };
