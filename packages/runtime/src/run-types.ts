/**
 * Options, callbacks and results of the run loop (run.ts). Pure types: the CLI, the worker and
 * the browser preview all fill the same `RunOptions`.
 */
import type { CompiledProgram, EngineRecord, OperatorMetrics, PipelineOptions } from '@velo/engine';
import type { Sink, Source, SourceLag, SourcePosition } from './types.ts';

/** What a checkpoint store keeps; hand it back as `RunOptions.restore` to resume. */
export interface Checkpoint {
  /** 1, 2, 3… per run lineage (a restored run continues from the restored epoch). */
  epoch: number;
  /** Last position of every source, keyed by engine source id (undefined: nothing read yet). */
  positions: Record<string, SourcePosition>;
  /** `Pipeline.snapshot()`: JSON-serializable operator, table and source state. */
  state: unknown;
}

/** One statement's output batch, as the engine emitted it (before any sink). */
export interface RunOutput {
  /** Output name: the INTO URI, the stream/table name, or `result` for a plain SELECT. */
  sink: string;
  statement: number;
  kind: 'stream' | 'table' | 'select';
  into: string | null;
  columns: string[];
  records: EngineRecord[];
}

export type DeadLetterKind = 'decode' | 'runtime' | 'late';

/** A record that did not make it through: undecodable (source), failed (engine) or late. */
export interface RunDeadLetter {
  kind: DeadLetterKind;
  /** Engine source id (the quoted URI or the bound name). */
  sourceId: string;
  /** URI of the source it came from. */
  sourceUri: string;
  /** Where in the source: `/data/x.jsonl:17`, `orders/2@1042`; absent when unknown. */
  location?: string;
  /** The source's position after the batch that held the record. */
  position: SourcePosition;
  /** The raw payload: the source's bytes/text for `decode`, the record as JSON otherwise. */
  raw: string | null;
  encoding: 'utf8' | 'base64';
  reason: string;
  /** SQL position of the failing expression (runtime errors). */
  sqlLine?: number;
  sqlColumn?: number;
  /** The decoded record, for runtime and late dead letters. */
  record?: EngineRecord | null;
}

/** Per batch read from a source (the hot hook: keep it cheap). */
export interface BatchMetrics {
  sourceId: string;
  records: number;
  bytes: number;
  deadLetters: number;
  /** Engine time for the batch: push + collecting output (sink I/O excluded), in ms. */
  latencyMs: number;
  outputRows: number;
}

export interface SourceMetrics {
  uri: string;
  recordsIn: number;
  bytesIn: number;
  batches: number;
  deadLetters: number;
  /** Watermark of this source in epoch ms (null before any event time). */
  watermark: number | null;
  done: boolean;
  /** The source's last reported lag (sources with a `lag()` method), polled in the background. */
  lag?: SourceLag[];
}

export interface SinkMetrics {
  recordsOut: number;
  /** Bytes the sink reported writing (0 when it does not report them). */
  bytesOut: number;
  batches: number;
}

export interface RunMetrics {
  elapsedMs: number;
  recordsIn: number;
  bytesIn: number;
  /** Rows the engine emitted, over all outputs. */
  recordsOut: number;
  sources: Record<string, SourceMetrics>;
  sinks: Record<string, SinkMetrics>;
  /** Rows per output name (see RunOutput.sink). */
  outputs: Record<string, number>;
  deadLetters: Record<DeadLetterKind, number>;
  stateEntries: number;
  /** Lowest watermark of the pipeline (epoch ms), null before any event time. */
  watermark: number | null;
  /** Batch latency percentiles over the batches since the previous report, in ms. */
  batchLatencyMs: { p50: number; p99: number; max: number; count: number };
  inFlight: { records: number; bytes: number };
  /** Time spent waiting for sinks because the in-flight budget was full. */
  backPressureMs: number;
  checkpoints: { count: number; lastEpoch: number; lastDurationMs: number };
  /** Records in/out and exclusive busy time per operator (null unless `operatorMetrics`). */
  operators: OperatorMetrics[] | null;
}

export interface RunLimits {
  /** Stop after this many source records (previews). */
  maxRecords?: number;
  /** Stop once this many rows were emitted; the last batch is cut to fit. */
  maxOutputRows?: number;
  /** Stop after this much wall-clock time. */
  maxMs?: number;
}

export interface CheckpointOptions {
  /** Take a checkpoint every this many ms (none when absent). */
  intervalMs?: number;
  /** Stores the checkpoint; sources commit their positions only after it resolves. */
  onCheckpoint?(checkpoint: Checkpoint): Promise<void> | void;
  /** Take a final checkpoint when the run stops (end of input, abort, limit). Default true. */
  onStop?: boolean;
}

export interface RunOptions {
  /** From `compile(sql, …).program`. */
  program: CompiledProgram;
  /**
   * Opened sources keyed by engine source id (`program.sources[i].id`). Open the unbounded ones
   * in `program.tableSources` with `asTable: true`: the stream side waits for their `tableLoaded`.
   */
  sources: Record<string, Source>;
  /** Opened sinks keyed by output name (an INTO URI). Outputs without a sink go only to onOutput. */
  sinks?: Record<string, Sink>;
  /**
   * Resume from a checkpoint: the pipeline state is restored and epochs continue. The caller
   * opens every source with `resumeFrom: restore.positions[id]`.
   */
  restore?: Checkpoint;
  pipeline?: PipelineOptions;
  /** Count records and busy time per operator (two clock reads per operator call). */
  operatorMetrics?: boolean;
  /**
   * An unbounded table side that never reports `tableLoaded` counts as loaded after returning
   * only empty batches for this long (default 30 s).
   */
  tableIdleMs?: number;
  /** Records per `readBatch` (default 4096). */
  batchSize?: number;
  /** Back-pressure: records/bytes read whose output is not yet written (defaults 65,536 / 64 MiB). */
  maxInFlightRecords?: number;
  maxInFlightBytes?: number;
  signal?: AbortSignal;
  limits?: RunLimits;
  /** Checkpoint barriers; absent: no checkpoints and no commits (previews). */
  checkpoint?: CheckpointOptions;
  onDeadLetter?(deadLetter: RunDeadLetter): Promise<void> | void;
  /** Every output batch (all statements); return true to stop the run (e.g. a --limit). */
  // biome-ignore lint/suspicious/noConfusingVoidType: callbacks that never stop return nothing
  onOutput?(output: RunOutput): Promise<boolean | void> | boolean | void;
  onBatch?(batch: BatchMetrics): void;
  /** Called every `metricsIntervalMs` (default 1000) and once at the end. */
  onMetrics?(metrics: RunMetrics): void;
  metricsIntervalMs?: number;
  /** Monotonic clock in ms (default performance.now). */
  clock?: () => number;
}

export type StopReason = 'end' | 'aborted' | 'limit' | 'timeout';

export interface RunSummary {
  reason: StopReason;
  metrics: RunMetrics;
  /** The last checkpoint taken (by this run), if any. */
  checkpoint?: Checkpoint;
}

export interface RunHandle {
  /** Resolves when the run stops; rejects on a source, sink, engine or store failure. */
  done: Promise<RunSummary>;
  /** Asks for a checkpoint barrier at the next batch boundary; resolves once it is stored. */
  requestCheckpoint(): Promise<Checkpoint>;
}
