/**
 * Nexmark benchmark (`npm run bench`). Each query × mode runs in its own child process so peak
 * RSS is per run. Mode A: events generated in memory and pushed as records. Mode B: the same
 * events as NDJSON bytes in (decode + exact JSON parse) and NDJSON bytes out. DuckDB runs the
 * same query over the same events (one thread) for a ratio. Results go to
 * packages/engine/bench/results/<timestamp>.json and latest.json.
 *
 *   npm run bench -- [--events N] [--only q1,q5] [--no-duckdb]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDuckDb } from './duckdb.ts';
import { type Mode, measure, WARMUP_SHARE } from './measure.ts';
import { generateNexmark } from './nexmark.ts';
import { QUERIES } from './queries.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '500000' },
    only: { type: 'string' },
    child: { type: 'string' },
    mode: { type: 'string' },
    'no-duckdb': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);

interface RunResult {
  query: string;
  mode: Mode | 'duckdb';
  events?: number;
  outputRecords?: number;
  cpuSeconds?: number;
  wallSeconds?: number;
  eventsPerCpuSecond?: number;
  nsPerEvent?: number;
  peakRssMb?: number;
  bytesIn?: number;
  bytesOut?: number;
  error?: string;
}

async function child(queryId: string, mode: Mode | 'duckdb'): Promise<void> {
  const query = QUERIES.find((q) => q.id === queryId)!;
  const data = generateNexmark(Math.round(EVENTS * (query.eventScale ?? 1)), 42, query.sources);
  const m = mode === 'duckdb' ? await runDuckDb(query, data) : measure(query, mode, data);
  const result: RunResult = {
    query: queryId,
    mode,
    ...m,
    eventsPerCpuSecond: Math.round(m.events / m.cpuSeconds),
    nsPerEvent: Math.round((m.cpuSeconds * 1e9) / m.events),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function spawnChild(queryId: string, mode: Mode | 'duckdb'): RunResult {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--child',
      queryId,
      '--mode',
      mode,
      '--events',
      String(EVENTS),
    ],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 240_000 },
  );
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as RunResult;
  } catch {
    const error = (r.stderr || r.error?.message || `exit ${r.status}`)
      .trim()
      .split('\n')
      .slice(0, 3)
      .join(' ');
    return { query: queryId, mode, error };
  }
}

const fmt = (n: number | undefined) =>
  n === undefined
    ? '-'
    : n >= 1e6
      ? `${(n / 1e6).toFixed(2)}M`
      : n >= 1e3
        ? `${(n / 1e3).toFixed(0)}k`
        : String(n);

async function parent(): Promise<void> {
  const only = values.only?.split(',');
  const queries = QUERIES.filter((q) => !only || only.includes(q.id));
  const results: RunResult[] = [];
  const started = Date.now();
  for (const q of queries) {
    const modes: (Mode | 'duckdb')[] = ['A', 'B'];
    if (!values['no-duckdb']) modes.push('duckdb');
    for (const mode of modes) {
      const r = spawnChild(q.id, mode);
      results.push(r);
      process.stderr.write(
        `${q.id} ${mode}: ${r.error ? `ERROR ${r.error}` : `${fmt(r.eventsPerCpuSecond)} ev/cpu-s, ${r.nsPerEvent} ns/ev, ${r.peakRssMb} MB`}\n`,
      );
    }
  }
  const get = (q: string, m: string) => results.find((r) => r.query === q && r.mode === m);
  const rows = queries.map((q) => {
    const a = get(q.id, 'A');
    const b = get(q.id, 'B');
    const d = get(q.id, 'duckdb');
    const ratio =
      a?.eventsPerCpuSecond && d?.eventsPerCpuSecond
        ? a.eventsPerCpuSecond / d.eventsPerCpuSecond
        : undefined;
    return {
      query: q.id,
      title: q.title,
      modeA: a?.eventsPerCpuSecond,
      modeAns: a?.nsPerEvent,
      modeARss: a?.peakRssMb,
      modeB: b?.eventsPerCpuSecond,
      modeBns: b?.nsPerEvent,
      modeBRss: b?.peakRssMb,
      duckdb: d?.eventsPerCpuSecond,
      veloOverDuckdb: ratio === undefined ? undefined : Number(ratio.toFixed(2)),
      // Same events, same query: every run must produce the same number of output rows.
      outputsAgree:
        a?.outputRecords === b?.outputRecords &&
        (d === undefined || d.error !== undefined || a?.outputRecords === d.outputRecords),
      targetA: q.target.A,
      targetB: q.target.B,
      metA: a?.eventsPerCpuSecond !== undefined ? a.eventsPerCpuSecond >= q.target.A : false,
      metB:
        q.target.B === null
          ? null
          : b?.eventsPerCpuSecond !== undefined
            ? b.eventsPerCpuSecond >= q.target.B
            : false,
    };
  });
  const q1 = get('q1', 'A')?.eventsPerCpuSecond;
  const q1f = get('q1f', 'A')?.eventsPerCpuSecond;
  const report = {
    timestamp: new Date().toISOString(),
    events: EVENTS,
    warmupShare: WARMUP_SHARE,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    decimalOverFloatQ1: q1 && q1f ? Number((q1 / q1f).toFixed(2)) : null,
    summary: rows,
    runs: results,
  };
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(dir, `${report.timestamp.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'latest.json'), json);

  const header = [
    'query',
    'A ev/cpu-s',
    'A ns/ev',
    'A RSS MB',
    'B ev/cpu-s',
    'B ns/ev',
    'B RSS MB',
    'DuckDB ev/cpu-s',
    'A/DuckDB',
    'target A/B',
  ];
  const table = rows.map((r) => [
    `${r.query} ${r.title}`,
    fmt(r.modeA),
    String(r.modeAns ?? '-'),
    String(r.modeARss ?? '-'),
    fmt(r.modeB),
    String(r.modeBns ?? '-'),
    String(r.modeBRss ?? '-'),
    fmt(r.duckdb),
    r.veloOverDuckdb === undefined ? '-' : `${r.veloOverDuckdb}x`,
    `${fmt(r.targetA)}${r.metA ? ' ok' : ' MISS'} / ${r.targetB === null ? '-' : `${fmt(r.targetB)}${r.metB ? ' ok' : ' MISS'}`}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  const scaled = scaledNote(queries);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-+-'));
  for (const row of table) console.log(line(row));
  for (const r of rows.filter((row) => !row.outputsAgree)) {
    console.log(`WARNING ${r.query}: output row counts differ between mode A, mode B and DuckDB`);
  }
  console.log(
    `\nNexmark events generated per run: ${EVENTS}${scaled} (each query counts only the events of the kinds it reads; an untimed warm-up runs the first ${WARMUP_SHARE * 100}% first); q1 DECIMAL / q1 FLOAT = ${report.decimalOverFloatQ1 ?? '-'} (target >= 0.5)`,
  );
  console.log(`results: ${join(dir, 'latest.json')}`);
}

function scaledNote(queries: typeof QUERIES): string {
  const s = queries.filter((q) => q.eventScale).map((q) => `${q.id} × ${q.eventScale}`);
  return s.length > 0 ? ` (${s.join(', ')})` : '';
}

if (values.child) await child(values.child, values.mode as Mode | 'duckdb');
else await parent();
