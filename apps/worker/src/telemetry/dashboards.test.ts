/**
 * The Grafana dashboard and the Prometheus alert rules in infra/ chart only metrics a worker
 * exports: every metric name in their queries is checked against the /metrics text of a
 * worker registry on which a job ran.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type EngineRecord, inferSchema } from '@velo/engine';
import { ArraySource, runProgram } from '@velo/runtime';
import { describe, expect, it } from 'vitest';
import { createWorkerMetrics } from '../metrics.ts';
import { JobTelemetry } from './job-telemetry.ts';

const INFRA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../infra');
const METRIC = /\b((?:velo|process|nodejs)_[a-z0-9_]+)\b/g;

async function workerMetricsText(): Promise<string> {
  const { registry } = createWorkerMetrics('dashboards-test');
  const records: EngineRecord[] = [
    { fields: { a: 1n } as unknown as EngineRecord['fields'], eventTime: 1 },
  ];
  const compiled = compile('CREATE STREAM s AS SELECT a FROM src', {
    schemas: { src: inferSchema(records) },
    boundSources: ['src'],
  });
  if (!compiled.program) throw new Error('no program');
  const t = new JobTelemetry({ jobId: 'j', jobName: 'j', registry });
  t.setState('RUNNING');
  t.setCheckpointInterval(10_000);
  t.recordCheckpoint(12, 345);
  t.recordLag('0', 3, 1.5);
  t.recordRestart();
  await runProgram({
    program: compiled.program,
    sources: { src: new ArraySource('memory://src', records) },
    onMetrics: (m) => t.onMetrics(m),
    onBatch: (b) => t.onBatch(b),
    onOutput: (o) => t.onOutput(o),
  });
  return registry.metrics();
}

function exported(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!m) continue;
    names.add(m[1]);
    if (m[2] === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m[1] + s);
    if (m[2] === 'summary') for (const s of ['_sum', '_count']) names.add(m[1] + s);
  }
  return names;
}

describe('Grafana dashboard and alert rules', () => {
  it('use only metrics the worker exports', async () => {
    const names = exported(await workerMetricsText());
    const dashboard = JSON.parse(
      readFileSync(path.join(INFRA, 'grafana/dashboards/velo-workers.json'), 'utf8'),
    ) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const used = new Map<string, string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        for (const [, name] of target.expr.matchAll(METRIC))
          used.set(name, `panel "${panel.title}"`);
      }
    }
    const rules = readFileSync(path.join(INFRA, 'prometheus/alerts.yml'), 'utf8');
    for (const line of rules.split('\n').filter((l) => !l.trim().startsWith('#'))) {
      for (const [, name] of line.matchAll(METRIC)) used.set(name, 'alerts.yml');
    }
    expect(used.size).toBeGreaterThan(15);
    const missing = [...used]
      .filter(([name]) => !names.has(name))
      .map(([n, where]) => `${n} (${where})`);
    expect(missing).toEqual([]);
  });

  it('has the four alerts of the operations guide', () => {
    const rules = readFileSync(path.join(INFRA, 'prometheus/alerts.yml'), 'utf8');
    expect([...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1])).toEqual([
      'VeloJobFailed',
      'VeloConsumerLagHigh',
      'VeloDeadLetterRateHigh',
      'VeloNoCheckpoint',
    ]);
  });
});
