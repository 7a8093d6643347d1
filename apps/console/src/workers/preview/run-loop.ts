/**
 * The preview's use of the one run loop (`runProgram` from @velo/runtime, shared with the CLI
 * and the worker). No sinks are passed, so INTO sinks are never written: every output only
 * reaches `onOutput`. Sources are wrapped so the loop gives the worker's event loop a turn every
 * few milliseconds (a stop request is a message; in-memory sources never wait on I/O).
 */
import type { CompiledProgram } from '@velo/engine';
import {
  type RunDeadLetter,
  type RunMetrics,
  type RunOutput,
  runProgram,
  type Source,
  type SourceBatch,
  type StopReason,
} from '@velo/runtime';

export type LoopStop = StopReason;

export interface LoopOptions {
  program: CompiledProgram;
  sources: Record<string, Source>;
  signal: AbortSignal;
  limits: { maxOutputRows: number; maxMs: number };
  onOutput(output: RunOutput): void;
  onDeadLetter(deadLetter: RunDeadLetter): void;
  onMetrics(metrics: RunMetrics): void;
  /** Called between batches, at most every `yieldEveryMs`, after the event loop had a turn. */
  onYield(): void;
}

const YIELD_EVERY_MS = 50;

function columnsEqual(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i]);
}

class YieldingSource implements Source {
  constructor(
    private readonly inner: Source,
    private readonly yieldNow: () => Promise<void>,
  ) {}
  get uri() {
    return this.inner.uri;
  }
  get bounded() {
    return this.inner.bounded;
  }
  async readBatch(max: number): Promise<SourceBatch> {
    await this.yieldNow();
    return this.inner.readBatch(max);
  }
  commit(position: unknown) {
    return this.inner.commit(position);
  }
  close() {
    return this.inner.close();
  }
}

export async function runLoop(options: LoopOptions): Promise<LoopStop> {
  const { program } = options;
  let lastYield = performance.now();
  const yieldNow = async () => {
    if (performance.now() - lastYield < YIELD_EVERY_MS) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    lastYield = performance.now();
    options.onYield();
  };
  const sources: Record<string, Source> = {};
  for (const [id, source] of Object.entries(options.sources)) {
    sources[id] = new YieldingSource(source, yieldNow);
  }
  // Several plain SELECTs all emit to `result`; their column lists tell them apart.
  const statementOf = (output: RunOutput) => {
    const named = program.sinks.filter((s) => s.sink === output.sink);
    if (named.length < 2) return output.statement;
    return (named.find((s) => columnsEqual(s.columns, output.columns)) ?? named[0]!).statement;
  };
  const summary = await runProgram({
    program,
    sources,
    signal: options.signal,
    limits: options.limits,
    metricsIntervalMs: 100,
    onOutput(output) {
      options.onOutput({ ...output, statement: statementOf(output) });
    },
    onDeadLetter: options.onDeadLetter,
    onMetrics: options.onMetrics,
  });
  options.onMetrics(summary.metrics);
  return summary.reason;
}
