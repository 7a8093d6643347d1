/**
 * `npm run bench:runtime`: records/s through the run loop (runProgram) with the metrics hooks
 * on (onBatch, onMetrics every second, onDeadLetter) and off, and with the opt-in per-operator
 * counters, over generated orders in memory.
 * Both variants run the same filter/project query into a counting sink; passes alternate
 * on/off so machine load hits both alike. Writes bench/results/runtime.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CompiledProgram,
  compile,
  createDatagen,
  type EngineRecord,
  inferSchema,
  parseDatagenUri,
} from '@velo/engine';
import { ArraySource, type RunOptions, runProgram, type Sink } from '../src/index.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 500_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 9);
const SQL =
  "CREATE STREAM big AS SELECT order_id, customer_id, amount * 2 AS doubled FROM orders WHERE amount > 50 INTO 'bench://out'";

function generate(n: number): EngineRecord[] {
  const spec = parseDatagenUri(`datagen://orders?seed=1&limit=${n}`);
  if ('error' in spec) throw new Error(spec.error);
  const gen = createDatagen(spec);
  const out: EngineRecord[] = [];
  while (!gen.done) out.push(...gen.nextBatch(65_536));
  return out;
}

class CountingSink implements Sink {
  readonly uri = 'bench://out';
  rows = 0;
  async writeBatch(_columns: string[], records: EngineRecord[]): Promise<number> {
    this.rows += records.length;
    return records.length * 40;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

interface Pass {
  seconds: number;
  cpuSeconds: number;
  outputRows: number;
}

async function pass(
  program: CompiledProgram,
  input: EngineRecord[],
  hooks: boolean,
  operatorMetrics = false,
): Promise<Pass> {
  const sink = new CountingSink();
  let batches = 0;
  const options: RunOptions = {
    program,
    sources: { orders: new ArraySource('memory://orders', input) },
    sinks: { 'bench://out': sink },
    operatorMetrics,
  };
  if (hooks) {
    options.onBatch = (b) => {
      batches += b.records > 0 ? 1 : 0;
    };
    options.onMetrics = () => {};
    options.onDeadLetter = () => {};
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await runProgram(options);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (hooks && batches === 0) throw new Error('onBatch never called');
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, outputRows: sink.rows };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const input = generate(RECORDS);
  const c = compile(SQL, {
    schemas: { orders: inferSchema(input.slice(0, 1000)) },
    boundSources: ['orders'],
  });
  if (!c.program) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
  // Warm-up (JIT) with both variants before timing.
  await pass(c.program, input, false);
  await pass(c.program, input, true);
  await pass(c.program, input, true, true);
  const on: Pass[] = [];
  const off: Pass[] = [];
  const operators: Pass[] = [];
  for (let i = 0; i < PASSES; i++) {
    off.push(await pass(c.program, input, false));
    on.push(await pass(c.program, input, true));
    operators.push(await pass(c.program, input, true, true));
  }
  const summary = (ps: Pass[]) => ({
    recordsPerSecond: Math.round(RECORDS / median(ps.map((p) => p.seconds))),
    cpuMicrosPerRecord: Number(((median(ps.map((p) => p.cpuSeconds)) / RECORDS) * 1e6).toFixed(3)),
    passesSeconds: ps.map((p) => Number(p.seconds.toFixed(3))),
    outputRows: ps[0].outputRows,
  });
  const hooksOff = summary(off);
  const hooksOn = summary(on);
  const hooksAndOperatorMetrics = summary(operators);
  const result = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    records: RECORDS,
    passes: PASSES,
    query: SQL,
    hooksOff,
    hooksOn,
    hooksAndOperatorMetrics,
    /** Wall-clock overhead of the hooks (noisy on a shared machine). */
    overheadPercent: Number(
      ((hooksOff.recordsPerSecond / hooksOn.recordsPerSecond - 1) * 100).toFixed(1),
    ),
    /** CPU overhead of the hooks (less sensitive to other processes). */
    cpuOverheadPercent: Number(
      ((hooksOn.cpuMicrosPerRecord / hooksOff.cpuMicrosPerRecord - 1) * 100).toFixed(1),
    ),
    /** CPU overhead of the opt-in per-operator counters on top of the hooks. */
    operatorMetricsCpuOverheadPercent: Number(
      ((hooksAndOperatorMetrics.cpuMicrosPerRecord / hooksOn.cpuMicrosPerRecord - 1) * 100).toFixed(
        1,
      ),
    ),
  };
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'runtime.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
