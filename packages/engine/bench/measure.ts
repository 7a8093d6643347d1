/** Runs one query in one mode inside this process and measures CPU time, wall time and RSS. */
import {
  compile,
  createPipeline,
  type EngineRecord,
  formatDiagnostic,
  formatJsonLines,
  formatJsonRow,
  inferSchema,
  readJsonLines,
  type Value,
} from '../src/index.ts';
import type { Kind, NexmarkData } from './nexmark.ts';
import type { BenchQuery } from './queries.ts';

export type Mode = 'A' | 'B';

export interface Measurement {
  events: number;
  outputRecords: number;
  cpuSeconds: number;
  wallSeconds: number;
  bytesIn?: number;
  bytesOut?: number;
}

const BATCH = 4096;
const CHUNK_BYTES = 256 * 1024;

/**
 * Splits each source into batches sized by its share of events, so that sources advance through
 * event time together when pushed round-robin (matters for joins and watermarks).
 */
function batchSizes(sources: Kind[], data: NexmarkData): Map<Kind, number> {
  const most = Math.max(...sources.map((s) => data[s].length));
  return new Map(sources.map((s) => [s, Math.max(1, Math.ceil((BATCH * data[s].length) / most))]));
}

function compileFor(query: BenchQuery, data: NexmarkData) {
  const schemas = Object.fromEntries(
    query.sources.map((s) => [s, inferSchema(data[s].slice(0, 1000))]),
  );
  const compiled = compile(query.velo, { schemas, boundSources: query.sources });
  if (!compiled.ok || !compiled.program) {
    throw new Error(`${query.id}: ${compiled.diagnostics.map(formatDiagnostic).join('\n')}`);
  }
  return compiled.program;
}

/** Share of the events run once, untimed, through a throwaway pipeline before measuring. */
export const WARMUP_SHARE = 0.1;

/** Timed passes per query and mode; the median is reported. */
export const TIMED_PASSES = 3;

export function measure(query: BenchQuery, mode: Mode, data: NexmarkData): Measurement {
  const program = compileFor(query, data);
  const sources = query.sources as Kind[];
  const sizes = batchSizes(sources, data);
  const run = mode === 'A' ? measureA : measureB;
  // Warm-up: the JIT compiles the hot paths on a prefix of the same events, so the timed run
  // measures steady state (as JMH or Flink's benchmarks do) rather than tier-up.
  run(program, sources, sizes, prefixOf(data, sources, WARMUP_SHARE));
  // A timed pass of a fast query lasts ~0.1 s, where one major GC shifts the result by 2x:
  // take the median of several passes.
  const passes = Array.from({ length: TIMED_PASSES }, () => run(program, sources, sizes, data));
  passes.sort((a, b) => a.cpuSeconds - b.cpuSeconds);
  return passes[Math.floor(passes.length / 2)];
}

function prefixOf(data: NexmarkData, sources: Kind[], share: number): NexmarkData {
  const out: NexmarkData = { bid: [], auction: [], person: [], total: 0 };
  for (const s of sources) {
    // Copies: the pipeline sets eventTime on the records it is given.
    out[s] = data[s]
      .slice(0, Math.ceil(data[s].length * share))
      .map((r) => ({ fields: r.fields, eventTime: r.eventTime }));
  }
  return out;
}

function measureA(
  program: Parameters<typeof createPipeline>[0],
  sources: Kind[],
  sizes: Map<Kind, number>,
  data: NexmarkData,
): Measurement {
  const batches = new Map<Kind, EngineRecord[][]>();
  for (const s of sources) {
    const list: EngineRecord[][] = [];
    for (let i = 0; i < data[s].length; i += sizes.get(s)!)
      list.push(data[s].slice(i, i + sizes.get(s)!));
    batches.set(s, list);
  }
  const rounds = Math.max(...[...batches.values()].map((b) => b.length));
  const pipeline = createPipeline(program);
  let events = 0;
  let out = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    for (const s of sources) {
      const batch = batches.get(s)![i];
      if (!batch) continue;
      pipeline.push(s, batch);
      events += batch.length;
    }
    for (const o of pipeline.takeOutput()) out += o.records.length;
  }
  for (const s of sources) pipeline.endOfInput(s);
  for (const o of pipeline.takeOutput()) out += o.records.length;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    events,
    outputRecords: out,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds: wall,
  };
}

function measureB(
  program: Parameters<typeof createPipeline>[0],
  sources: Kind[],
  sizes: Map<Kind, number>,
  data: NexmarkData,
): Measurement {
  // Untimed: the same events as NDJSON bytes, cut into line-aligned chunks as a file reader would.
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const chunks = new Map<Kind, Uint8Array[]>();
  let bytesIn = 0;
  for (const s of sources) {
    const list: Uint8Array[] = [];
    const per = Math.max(1, Math.round((sizes.get(s)! * CHUNK_BYTES) / (BATCH * 180)));
    for (let i = 0; i < data[s].length; i += per) {
      const text = `${data[s]
        .slice(i, i + per)
        .map((r) => formatJsonRow(r.fields))
        .join('\n')}\n`;
      const bytes = encoder.encode(text);
      bytesIn += bytes.length;
      list.push(bytes);
    }
    chunks.set(s, list);
  }
  const rounds = Math.max(...[...chunks.values()].map((c) => c.length));
  const pipeline = createPipeline(program);
  let events = 0;
  let out = 0;
  let bytesOut = 0;
  // One reused output buffer, as a sink writing to a socket or file would keep.
  let outBuffer = new Uint8Array(1 << 20);
  const drain = () => {
    for (const o of pipeline.takeOutput()) {
      // Keys in SELECT order, as the file sink writes them.
      const text = formatJsonLines(o.records, o.columns);
      if (text.length * 3 > outBuffer.length) outBuffer = new Uint8Array(text.length * 3);
      out += o.records.length;
      bytesOut += encoder.encodeInto(text, outBuffer).written;
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) {
    for (const s of sources) {
      const chunk = chunks.get(s)![i];
      if (!chunk) continue;
      const parsed = readJsonLines(decoder.decode(chunk));
      const records: EngineRecord[] = new Array(parsed.records.length);
      for (let j = 0; j < parsed.records.length; j++) {
        records[j] = { fields: parsed.records[j] as Record<string, Value>, eventTime: 0 };
      }
      pipeline.push(s, records);
      events += records.length;
    }
    drain();
  }
  for (const s of sources) pipeline.endOfInput(s);
  drain();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    events,
    outputRecords: out,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds: wall,
    bytesIn,
    bytesOut,
  };
}
