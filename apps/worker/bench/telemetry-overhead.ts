/**
 * `npm run bench:telemetry`: what the worker's metric path costs (issue 8, target ≤ 5%).
 * The same filter/project job over generated orders runs through the run loop with no hooks
 * and with the worker's full telemetry (JobTelemetry: Prometheus families, per-second buffer,
 * a `@metric` counter with a condition and a label, per-operator counters), alternating passes
 * so machine load hits both alike. Writes bench/results/telemetry-overhead.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  compile,
  createDatagen,
  type EngineRecord,
  inferSchema,
  parseDatagenUri,
} from '@velo/engine';
import { ArraySource, runProgram, type Sink } from '@velo/runtime';
import { Registry } from 'prom-client';
import { JobTelemetry } from '../src/telemetry/job-telemetry.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 500_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 7);
const SQL = `-- @metric: velo_bench_big_orders_total
-- @metric_labels: customer_id
-- @metric_condition: doubled > 500
CREATE STREAM big AS SELECT order_id, customer_id, amount * 2 AS doubled FROM orders WHERE amount > 50 INTO 'bench://out'`;

function generate(n: number): EngineRecord[] {
  const spec = parseDatagenUri(`datagen://orders?seed=1&limit=${n}`);
  if ('error' in spec) throw new Error(spec.error);
  const gen = createDatagen(spec);
  const out: EngineRecord[] = [];
  while (!gen.done) out.push(...gen.nextBatch(65_536));
  return out;
}

const sink: Sink = {
  uri: 'bench://out',
  async writeBatch() {},
  async flush() {},
  async close() {},
};

const input = generate(RECORDS);
const compiled = compile(SQL, {
  schemas: { orders: inferSchema(input.slice(0, 1000)) },
  boundSources: ['orders'],
});
if (!compiled.program) throw new Error(JSON.stringify(compiled.diagnostics));
const program = compiled.program;

type Variant = 'off' | 'builtIn' | 'withUserMetric';

async function pass(variant: Variant): Promise<{ seconds: number; cpuSeconds: number }> {
  const telemetryOn = variant !== 'off';
  const registry = new Registry();
  const t = telemetryOn
    ? new JobTelemetry({
        jobId: 'bench',
        jobName: 'bench',
        registry,
        userMetrics: variant === 'withUserMetric' ? program.metrics : [],
        maxLabelSets: 1000,
      })
    : null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await runProgram({
    program,
    sources: { orders: new ArraySource('memory://orders', input) },
    sinks: { 'bench://out': sink },
    operatorMetrics: telemetryOn,
    ...(t
      ? {
          onMetrics: (m) => t.onMetrics(m),
          onBatch: (b) => t.onBatch(b),
          onDeadLetter: (d) => t.onDeadLetter(d),
          onOutput: (o) => t.onOutput(o),
        }
      : {}),
  });
  if (t) t.buffer.drain(Number.MAX_SAFE_INTEGER);
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const variants: Variant[] = ['off', 'builtIn', 'withUserMetric'];
const runs: Record<Variant, { seconds: number; cpuSeconds: number }[]> = {
  off: [],
  builtIn: [],
  withUserMetric: [],
};
for (const v of variants) await pass(v); // warm-up
// The order rotates between passes, so that garbage left by one variant is not always
// collected during the same other one.
for (let i = 0; i < PASSES; i++) {
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(i + k) % variants.length];
    runs[v].push(await pass(v));
  }
}
const rate = (xs: { seconds: number }[]) => Math.round(RECORDS / median(xs.map((x) => x.seconds)));
const cpuUs = (xs: { cpuSeconds: number }[]) =>
  (median(xs.map((x) => x.cpuSeconds)) / RECORDS) * 1e6;
const summary = (v: Variant) => ({
  recordsPerSecond: rate(runs[v]),
  cpuMicrosPerRecord: Number(cpuUs(runs[v]).toFixed(3)),
  overheadPercentByCpu: Number(((cpuUs(runs[v]) / cpuUs(runs.off) - 1) * 100).toFixed(1)),
});
const result = {
  measuredAt: new Date().toISOString(),
  records: RECORDS,
  passes: PASSES,
  note: 'builtIn = every built-in series, Prometheus families and per-operator counters; withUserMetric adds one @metric counter (condition + label) evaluated by the engine on each output record',
  telemetryOff: summary('off'),
  builtIn: summary('builtIn'),
  withUserMetric: summary('withUserMetric'),
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'telemetry-overhead.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
