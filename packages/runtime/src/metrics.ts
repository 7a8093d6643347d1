/** Counters of one run, kept always (plain increments) and reported through `onMetrics`. */
import type { OperatorMetrics } from '@velo/engine';
import type { DeadLetterKind, RunMetrics, SourceMetrics } from './run-types.ts';

const LATENCY_SAMPLES = 4096;

export class MetricsCollector {
  readonly sources: Record<string, SourceMetrics> = {};
  readonly sinks: RunMetrics['sinks'] = {};
  readonly outputs: Record<string, number> = {};
  readonly deadLetters: Record<DeadLetterKind, number> = { decode: 0, runtime: 0, late: 0 };
  recordsIn = 0;
  bytesIn = 0;
  recordsOut = 0;
  backPressureMs = 0;
  checkpoints = { count: 0, lastEpoch: 0, lastDurationMs: 0 };
  /** Latencies since the last report (a ring: the newest LATENCY_SAMPLES). */
  private latencies = new Float64Array(LATENCY_SAMPLES);
  private latencyCount = 0;

  constructor(sourceUris: Record<string, string>) {
    for (const [id, uri] of Object.entries(sourceUris)) {
      this.sources[id] = {
        uri,
        recordsIn: 0,
        bytesIn: 0,
        batches: 0,
        deadLetters: 0,
        watermark: null,
        done: false,
      };
    }
  }

  sourceBatch(id: string, records: number, bytes: number): void {
    const s = this.sources[id];
    s.recordsIn += records;
    s.bytesIn += bytes;
    s.batches++;
    this.recordsIn += records;
    this.bytesIn += bytes;
  }

  latency(ms: number): void {
    this.latencies[this.latencyCount % LATENCY_SAMPLES] = ms;
    this.latencyCount++;
  }

  output(name: string, rows: number): void {
    this.outputs[name] = (this.outputs[name] ?? 0) + rows;
    this.recordsOut += rows;
  }

  sinkWrite(uri: string, rows: number, bytes: number): void {
    let s = this.sinks[uri];
    if (!s) {
      s = { recordsOut: 0, bytesOut: 0, batches: 0 };
      this.sinks[uri] = s;
    }
    s.recordsOut += rows;
    s.bytesOut += bytes;
    s.batches++;
  }

  /** A snapshot for `onMetrics`; resets the latency window. */
  report(
    elapsedMs: number,
    engine: { stateEntries: number; watermark: number | null },
    watermarks: Record<string, number | null>,
    inFlight: { records: number; bytes: number },
    operators: OperatorMetrics[] | null,
  ): RunMetrics {
    const n = Math.min(this.latencyCount, LATENCY_SAMPLES);
    const sorted = Array.from(this.latencies.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.floor(q * n))]);
    const batchLatencyMs = { p50: at(0.5), p99: at(0.99), max: n ? sorted[n - 1] : 0, count: n };
    this.latencyCount = 0;
    const sources: Record<string, SourceMetrics> = {};
    for (const [id, s] of Object.entries(this.sources)) {
      sources[id] = { ...s, watermark: watermarks[id] ?? null };
    }
    const sinks: RunMetrics['sinks'] = {};
    for (const [uri, s] of Object.entries(this.sinks)) sinks[uri] = { ...s };
    return {
      elapsedMs,
      recordsIn: this.recordsIn,
      bytesIn: this.bytesIn,
      recordsOut: this.recordsOut,
      sources,
      sinks,
      outputs: { ...this.outputs },
      deadLetters: { ...this.deadLetters },
      stateEntries: engine.stateEntries,
      watermark: engine.watermark,
      batchLatencyMs,
      inFlight: { ...inFlight },
      backPressureMs: this.backPressureMs,
      checkpoints: { ...this.checkpoints },
      operators,
    };
  }
}
