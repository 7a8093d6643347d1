/**
 * The one run loop: sources → engine pipeline → sinks, for the CLI, the worker and the browser
 * preview. Order of reading (DESIGN §2): sources read as tables (join sides) first, to their end
 * or to `tableLoaded`; then the other bounded sources to their end; then unbounded sources
 * round-robin. Between batches it checks cancellation, limits, checkpoint and metrics timers.
 */
import { createPipeline, type Pipeline, restorePipeline } from '@velo/engine';
import { routeEngineDeadLetters, routeSourceDeadLetters } from './dead-letters.ts';
import { InFlight } from './in-flight.ts';
import { MetricsCollector } from './metrics.ts';
import type {
  Checkpoint,
  RunHandle,
  RunMetrics,
  RunOptions,
  RunOutput,
  RunSummary,
  StopReason,
} from './run-types.ts';
import type { Sink, Source, SourceBatch, SourceLag, SourcePosition } from './types.ts';

const DEFAULT_BATCH = 4096;
const DEFAULT_IN_FLIGHT_RECORDS = 65_536;
const DEFAULT_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
const IDLE_WAIT_MS = 5;
const DEFAULT_TABLE_IDLE_MS = 30_000;
/**
 * The loop yields to timers and I/O at least this often. Reading a backlog, every read resolves
 * at once from the source's buffer, and a chain of resolved promises never lets the event loop
 * turn: the worker's lease renewal (a timer, then a query's reply) would wait for the whole
 * catch-up and the lease would lapse.
 */
const YIELD_EVERY_MS = 20;
const realClock = (): number => globalThis.performance?.now() ?? Date.now();
/** A macrotask turn (setImmediate in Node; a 0 ms timer where there is none, e.g. browsers). */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) =>
    typeof globalThis.setImmediate === 'function'
      ? globalThis.setImmediate(resolve)
      : setTimeout(resolve, 0),
  );

interface SourceState {
  id: string;
  source: Source;
  position: SourcePosition;
  done: boolean;
  isTable: boolean;
  tableLoaded: boolean;
  /** Since when a table side not yet loaded has returned only empty batches. */
  idleSince: number | null;
}

const defaultClock = (): number => globalThis.performance?.now() ?? Date.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `options.program` until its sources end, the signal aborts or a limit is hit. */
export function runProgram(options: RunOptions): Promise<RunSummary> {
  return startRun(options).done;
}

/** Like runProgram, with a handle to request checkpoints while it runs (the worker). */
export function startRun(options: RunOptions): RunHandle {
  let loop: RunLoop;
  try {
    loop = new RunLoop(options);
  } catch (e) {
    // A missing source or a snapshot of another program: the run fails, it does not throw.
    const failed = Promise.reject(e);
    return { done: failed, requestCheckpoint: () => failed };
  }
  return { done: loop.run(), requestCheckpoint: () => loop.requestCheckpoint() };
}

class RunLoop {
  private readonly clock: () => number;
  private readonly pipeline: Pipeline;
  private readonly states: SourceState[];
  private readonly sinks: Record<string, Sink>;
  private readonly sinkChains = new Map<Sink, Promise<unknown>>();
  private readonly inFlight: InFlight;
  private readonly metrics: MetricsCollector;
  private readonly outputsBySink = new Map<string, RunOptions['program']['sinks'][number]>();
  private readonly startedAt: number;
  private epoch: number;
  private lastCheckpoint: Checkpoint | undefined;
  private lastCheckpointAt: number;
  private lastMetricsAt: number;
  private outputRows = 0;
  /** Batches read since the last checkpoint (timed checkpoints skip when nothing changed). */
  private batchesSinceCheckpoint = 0;
  private stop: StopReason | null = null;
  private checkpointWaiters: {
    resolve: (c: Checkpoint) => void;
    reject: (e: unknown) => void;
  }[] = [];

  constructor(private readonly options: RunOptions) {
    const { program } = options;
    this.clock = options.clock ?? defaultClock;
    this.startedAt = this.clock();
    this.lastCheckpointAt = this.startedAt;
    this.lastMetricsAt = this.startedAt;
    this.epoch = options.restore?.epoch ?? 0;
    this.sinks = options.sinks ?? {};
    this.inFlight = new InFlight(
      options.maxInFlightRecords ?? DEFAULT_IN_FLIGHT_RECORDS,
      options.maxInFlightBytes ?? DEFAULT_IN_FLIGHT_BYTES,
    );
    for (const s of program.sinks) this.outputsBySink.set(s.sink, s);
    const tables = new Set(program.tableSources);
    this.states = program.sources.map((ref) => {
      const source = options.sources[ref.id];
      if (!source) throw new Error(`no source opened for "${ref.id}"`);
      return {
        id: ref.id,
        source,
        position: options.restore?.positions[ref.id],
        done: false,
        isTable: tables.has(ref.id),
        tableLoaded: false,
        idleSince: null,
      };
    });
    const uris: Record<string, string> = {};
    for (const s of this.states) uris[s.id] = s.source.uri;
    this.metrics = new MetricsCollector(uris);
    const pipelineOptions = { ...options.pipeline };
    if (options.operatorMetrics) pipelineOptions.operatorMetrics = true;
    this.pipeline = options.restore
      ? restorePipeline(program, options.restore.state, pipelineOptions)
      : createPipeline(program, pipelineOptions);
  }

  requestCheckpoint(): Promise<Checkpoint> {
    const done = new Promise<Checkpoint>((resolve, reject) =>
      this.checkpointWaiters.push({ resolve, reject }),
    );
    this.wake?.();
    return done;
  }

  async run(): Promise<RunSummary> {
    try {
      // Output of statements without FROM exists before any read.
      await this.collect(0, 0);
      await this.readAll();
      await this.inFlight.drain();
      const reason = this.stop ?? 'end';
      const cp = this.options.checkpoint;
      if (cp && cp.onStop !== false) await this.checkpoint();
      else await this.flushSinks();
      const metrics = this.report();
      for (const w of this.checkpointWaiters.splice(0)) {
        w.reject(new Error('the run ended before the checkpoint'));
      }
      return { reason, metrics, checkpoint: this.lastCheckpoint };
    } catch (e) {
      for (const w of this.checkpointWaiters.splice(0)) w.reject(e);
      throw e;
    } finally {
      this.pipeline.close();
    }
  }

  private async readAll(): Promise<void> {
    for (const s of this.states) {
      if (!s.isTable) continue;
      while (!s.done && !s.tableLoaded && !(await this.shouldStop())) {
        if ((await this.pump(s)) === 0 && !s.done && !s.tableLoaded) await sleep(IDLE_WAIT_MS);
      }
    }
    // Other bounded sources one after another, later-named first (as the CLI always did).
    for (const s of [...this.states].reverse()) {
      if (s.isTable || !s.source.bounded) continue;
      while (!s.done && !(await this.shouldStop())) await this.pump(s);
    }
    const live = this.states.filter((s) => !s.done);
    if (this.options.limits?.maxRecords === undefined) {
      await this.readByReadiness(live);
      return;
    }
    // Exact record limits (previews): one read at a time, round-robin.
    while (live.some((s) => !s.done) && !(await this.shouldStop())) {
      let read = 0;
      for (const s of live) {
        if (s.done) continue;
        read += await this.pump(s);
        if (this.stop) break;
      }
      if (read === 0 && !this.stop) await sleep(IDLE_WAIT_MS);
    }
  }

  /**
   * Unbounded sources by readiness: one read outstanding per source, batches processed in the
   * order they arrive, so an idle source (a slow poll) never holds back a busy one. Positions
   * only advance with processed batches: a checkpoint taken while reads are outstanding is
   * consistent, and batches read but not processed when the run stops are read again later.
   */
  private async readByReadiness(live: SourceState[]): Promise<void> {
    type Read = { s: SourceState; batch?: SourceBatch; error?: unknown };
    const reads = new Map<SourceState, Promise<Read>>();
    const issue = (s: SourceState, afterIdle: boolean) => {
      const start = afterIdle ? sleep(IDLE_WAIT_MS) : Promise.resolve();
      const read = start
        .then(() => s.source.readBatch(this.readSize()))
        .then(
          (batch): Read => ({ s, batch }),
          (error): Read => ({ s, error }),
        );
      reads.set(s, read);
    };
    // Abort, the time limit and checkpoint requests wake the loop while every read waits.
    const wakeUp = () => this.wake?.();
    this.options.signal?.addEventListener('abort', wakeUp);
    const maxMs = this.options.limits?.maxMs;
    const timer =
      maxMs === undefined
        ? undefined
        : setTimeout(wakeUp, Math.max(0, maxMs - (this.clock() - this.startedAt)));
    try {
      for (const s of live) if (!s.done) issue(s, false);
      while (reads.size > 0 && !(await this.shouldStop())) {
        const woken = new Promise<null>((resolve) => {
          this.wake = () => resolve(null);
        });
        const next = await Promise.race([...reads.values(), woken]);
        if (!next) continue;
        reads.delete(next.s);
        if (next.error !== undefined) throw next.error;
        const batch = next.batch as SourceBatch;
        await this.process(next.s, batch);
        if (!next.s.done) issue(next.s, batch.records.length === 0);
      }
    } finally {
      this.wake = null;
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', wakeUp);
      // No read may still run when the caller closes the sources.
      await Promise.allSettled(reads.values());
    }
  }

  private wake: (() => void) | null = null;

  private readSize(): number {
    const max = this.options.batchSize ?? DEFAULT_BATCH;
    const maxRecords = this.options.limits?.maxRecords;
    return maxRecords === undefined ? max : Math.min(max, maxRecords - this.metrics.recordsIn);
  }

  /** Reads one batch of `s` into the pipeline; returns the records read. */
  private async pump(s: SourceState): Promise<number> {
    const batch = await s.source.readBatch(this.readSize());
    await this.process(s, batch);
    return batch.records.length;
  }

  /** Pushes one batch of `s` into the pipeline and hands its output to the sinks. */
  private async process(s: SourceState, batch: SourceBatch): Promise<void> {
    s.position = batch.position;
    this.batchesSinceCheckpoint++;
    const bytes = batch.bytes ?? 0;
    this.metrics.sourceBatch(s.id, batch.records.length, bytes);
    if (batch.deadLetters.length > 0) {
      await routeSourceDeadLetters(this.options, this.metrics, s, batch.deadLetters);
    }
    const t0 = this.clock();
    if (batch.records.length > 0) this.pipeline.push(s.id, batch.records);
    if (batch.done && !s.done) {
      s.done = true;
      this.metrics.sources[s.id].done = true;
      this.pipeline.endOfInput(s.id);
    } else if (s.isTable && !s.tableLoaded) {
      // An unbounded table side opened with `asTable` says when it caught up with its current
      // end. One that cannot say so (or an empty topic) is taken as loaded after a long silence,
      // so the stream side is never held forever.
      const now = this.clock();
      if (batch.records.length > 0 || batch.deadLetters.length > 0) s.idleSince = null;
      else s.idleSince ??= now;
      const idleFor = s.idleSince === null ? 0 : now - s.idleSince;
      if (batch.tableLoaded || idleFor >= (this.options.tableIdleMs ?? DEFAULT_TABLE_IDLE_MS)) {
        s.tableLoaded = true;
        this.pipeline.markTableLoaded(s.id);
      }
    }
    const outputRows = await this.collect(batch.records.length, bytes, t0);
    if (this.options.onBatch) {
      this.options.onBatch({
        sourceId: s.id,
        records: batch.records.length,
        bytes,
        deadLetters: batch.deadLetters.length,
        latencyMs: this.lastLatency,
        outputRows,
      });
    }
    if (this.inFlight.full) await this.backPressure();
    // real time, not options.clock: starvation is about the process's own event loop
    if (realClock() - this.lastYieldAt >= YIELD_EVERY_MS) {
      await nextTurn();
      this.lastYieldAt = realClock();
    }
  }

  private lastYieldAt = realClock();

  private lastLatency = 0;

  /** Takes the pipeline's output and dead letters; starts the sink writes. Returns output rows. */
  private async collect(records: number, bytes: number, t0 = this.clock()): Promise<number> {
    const outputs = this.pipeline.takeOutput();
    const engineDead = this.pipeline.takeDeadLetters();
    this.lastLatency = this.clock() - t0;
    this.metrics.latency(this.lastLatency);
    if (engineDead.length > 0) {
      await routeEngineDeadLetters(this.options, this.metrics, this.states, engineDead);
    }
    let rows = 0;
    const writes: Promise<unknown>[] = [];
    for (const out of outputs) {
      if (this.stop === 'limit') break;
      let list = out.records;
      const maxOut = this.options.limits?.maxOutputRows;
      if (maxOut !== undefined && this.outputRows + list.length >= maxOut) {
        list = list.slice(0, maxOut - this.outputRows);
        this.stop = 'limit';
      }
      this.outputRows += list.length;
      rows += list.length;
      this.metrics.output(out.sink, list.length);
      const decl = this.outputsBySink.get(out.sink);
      const output: RunOutput = {
        sink: out.sink,
        statement: decl?.statement ?? -1,
        kind: decl?.kind ?? 'stream',
        into: decl?.into ?? null,
        columns: out.columns,
        records: list,
      };
      if (this.options.onOutput && (await this.options.onOutput(output)) === true) {
        this.stop = 'limit';
      }
      const sink = this.sinks[out.sink];
      if (sink && list.length > 0) writes.push(this.write(sink, out.columns, list));
    }
    this.inFlight.track(records, bytes, writes);
    this.inFlight.check();
    return rows;
  }

  /** Writes to one sink in order (a chain per sink); the loop does not wait here. */
  private write(sink: Sink, columns: string[], records: RunOutput['records']): Promise<unknown> {
    const previous = this.sinkChains.get(sink) ?? Promise.resolve();
    const next = previous.then(async () => {
      const written = await sink.writeBatch(columns, records);
      this.metrics.sinkWrite(sink.uri, records.length, typeof written === 'number' ? written : 0);
    });
    // A failure surfaces through InFlight; the chain itself must not reject twice.
    this.sinkChains.set(
      sink,
      next.catch(() => undefined),
    );
    return next;
  }

  private async backPressure(): Promise<void> {
    const t0 = this.clock();
    for (const s of this.states) s.source.pause?.();
    try {
      await this.inFlight.waitForRoom();
    } finally {
      for (const s of this.states) s.source.resume?.();
      this.metrics.backPressureMs += this.clock() - t0;
    }
  }

  /** Checks stop conditions and runs due checkpoints and metric reports. */
  private async shouldStop(): Promise<boolean> {
    const now = this.clock();
    const { limits, signal, checkpoint } = this.options;
    if (!this.stop) {
      if (signal?.aborted) this.stop = 'aborted';
      else if (limits?.maxMs !== undefined && now - this.startedAt >= limits.maxMs) {
        this.stop = 'timeout';
      } else if (limits?.maxRecords !== undefined && this.metrics.recordsIn >= limits.maxRecords) {
        this.stop = 'limit';
      } else if (this.pipeline.done) this.stop = 'end';
    }
    if (this.stop) return true;
    const interval = checkpoint?.intervalMs;
    if (
      this.checkpointWaiters.length > 0 ||
      (interval !== undefined &&
        now - this.lastCheckpointAt >= interval &&
        this.batchesSinceCheckpoint > 0)
    ) {
      await this.checkpoint();
    }
    const metricsEvery = this.options.metricsIntervalMs ?? 1000;
    if (this.options.onMetrics && now - this.lastMetricsAt >= metricsEvery) this.report();
    return false;
  }

  private async flushSinks(): Promise<void> {
    await this.inFlight.drain();
    await Promise.all(Object.values(this.sinks).map((s) => s.flush()));
  }

  /**
   * A barrier: every output written and flushed, then the pipeline state and each source's
   * position are stored together; only then are positions committed at the sources.
   */
  private async checkpoint(): Promise<Checkpoint> {
    const waiters = this.checkpointWaiters.splice(0);
    try {
      const t0 = this.clock();
      await this.flushSinks();
      const positions: Record<string, SourcePosition> = {};
      for (const s of this.states) positions[s.id] = s.position;
      const cp: Checkpoint = { epoch: ++this.epoch, positions, state: this.pipeline.snapshot() };
      await this.options.checkpoint?.onCheckpoint?.(cp);
      await Promise.all(
        this.states.map((s) =>
          s.position === undefined ? undefined : s.source.commit(s.position),
        ),
      );
      this.lastCheckpoint = cp;
      this.batchesSinceCheckpoint = 0;
      this.lastCheckpointAt = this.clock();
      this.metrics.checkpoints = {
        count: this.metrics.checkpoints.count + 1,
        lastEpoch: cp.epoch,
        lastDurationMs: this.lastCheckpointAt - t0,
      };
      for (const w of waiters) w.resolve(cp);
      return cp;
    } catch (e) {
      for (const w of waiters) w.reject(e);
      throw e;
    }
  }

  /** Last lag each source reported; one poll per source at a time, never awaited by the loop. */
  private readonly lags = new Map<string, SourceLag[]>();
  private readonly lagPolls = new Set<string>();

  private pollLags(): void {
    for (const s of this.states) {
      const lag = s.source.lag;
      if (!lag || this.lagPolls.has(s.id)) continue;
      this.lagPolls.add(s.id);
      lag
        .call(s.source)
        .then((l) => this.lags.set(s.id, l))
        .catch(() => this.lags.delete(s.id)) // a failed poll reports nothing rather than stale lag
        .finally(() => this.lagPolls.delete(s.id));
    }
  }

  private report(): RunMetrics {
    const now = this.clock();
    this.lastMetricsAt = now;
    this.pollLags();
    const engine = this.pipeline.metrics();
    const metrics = this.metrics.report(
      now - this.startedAt,
      engine,
      this.pipeline.sourceWatermarks(),
      { records: this.inFlight.records, bytes: this.inFlight.bytes },
      this.pipeline.operatorMetrics(),
    );
    for (const [id, lag] of this.lags) if (metrics.sources[id]) metrics.sources[id].lag = lag;
    this.options.onMetrics?.(metrics);
    return metrics;
  }
}
