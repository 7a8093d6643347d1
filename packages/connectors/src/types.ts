import type { EngineRecord, Value } from '@velo/engine';

/** A record a source could not turn into an EngineRecord (malformed line, bad CSV field...). */
export interface SourceDeadLetter {
  /** Where it came from, e.g. `/data/orders.jsonl:17`. */
  location: string;
  line?: number;
  raw: string;
  reason: string;
}

/** Opaque, JSON-serializable resume point of a source (stored in checkpoints). */
export type SourcePosition = unknown;

export interface SourceBatch {
  records: EngineRecord[];
  /** True once a bounded source has nothing more to read (unbounded sources never set it). */
  done: boolean;
  /** Position after the last record of this batch; pass to `commit` once it is processed. */
  position: SourcePosition;
  deadLetters: SourceDeadLetter[];
}

export interface Source {
  readonly uri: string;
  readonly bounded: boolean;
  readBatch(max: number): Promise<SourceBatch>;
  commit(position: SourcePosition): Promise<void>;
  close(): Promise<void>;
}

export interface Sink {
  readonly uri: string;
  writeBatch(columns: string[], records: EngineRecord[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface SourceOptions {
  /** A position returned by an earlier `readBatch`, to resume after it. */
  resumeFrom?: SourcePosition;
  /** Clock for processing-time event times (tests pass a fixed one). */
  now?: () => number;
}

export interface SinkOptions {
  /** Append to an existing file instead of replacing it (used when resuming from a checkpoint). */
  append?: boolean;
  /** Where stdout:// writes; defaults to process.stdout. */
  stdout?: NodeJS.WritableStream;
}

export interface ConnectorDefinition {
  /** URI scheme without the colon: `file`, `datagen`, `kafka`... */
  scheme: string;
  createSource?(uri: string, options: SourceOptions): Promise<Source>;
  createSink?(uri: string, options: SinkOptions): Promise<Sink>;
  /** Checks a URI without opening anything; returns an error message or null. */
  validateUri(uri: string): string | null;
}

export type { EngineRecord, Value };
