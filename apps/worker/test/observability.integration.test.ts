/**
 * A job on a real worker process, observed as users and operators see it (issue 8): exact
 * counts on the worker's /metrics for a known input (10,000 records, 17 malformed), the same
 * totals in the metric store behind metrics.series, a `@metric` counter with a condition and a
 * label, the job's lineage, and OpenLineage events delivered to a local receiver.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLineageGraph } from '../../../packages/api/src/services/lineage/get-lineage-graph.ts';
import { getMetricSeries } from '../../../packages/api/src/services/metrics/get-metric-series.ts';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { FAST_ENV, spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

const TOTAL = 10_000;
const MALFORMED = 17;
const REGIONS = ['eu', 'us', 'apac'];
const dir = `${FAST_ENV.VELO_FILE_ROOT}/${unique('observe')}`;
let worker: WorkerProcess | undefined;
let receiver: Server;
const events: { eventType: string; job: { name: string }; inputs: { name: string }[] }[] = [];

function writeInput(): Record<string, number> {
  const lines: string[] = [];
  const big: Record<string, number> = {};
  for (let i = 0; i < TOTAL; i++) {
    if (i % 500 === 3 && i / 500 < MALFORMED) {
      lines.push(`{"region":"eu","amount":`);
      continue;
    }
    const region = REGIONS[i % 3];
    const amount = `${(i % 200) + 1}.25`;
    if (Number(amount) > 100) big[region] = (big[region] ?? 0) + 1;
    lines.push(`{"region":"${region}","amount":${amount}}`);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/in.jsonl`, `${lines.join('\n')}\n`);
  return big;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      events.push(JSON.parse(body));
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
});

afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function scrape(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

describe('observability of a running job', () => {
  it('reports exact counts, stores them, evaluates @metric, records lineage, emits OpenLineage', async () => {
    const expectedBig = writeInput();
    const teamId = await createTeam();
    const sql = `-- @metric: velo_big_amounts_total
-- @metric_labels: region
-- @metric_condition: amount > 100.00
CREATE STREAM amounts AS SELECT region, amount
FROM 'file://${dir}/in.jsonl?format=jsonl&watch=true'
INTO 'file://${dir}/out.jsonl?format=jsonl'`;
    const jobId = await createJob(teamId, sql, { desiredState: 'RUNNING' });
    const started = Date.now();
    worker = spawnWorker(unique('observer'), {
      WORKER_TEAMS: teamId,
      WORKER_METRICS_FLUSH_MS: '300',
      OPENLINEAGE_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    });
    const port = await waitUntil('metrics port', () => {
      const line = worker?.lines.find((l) => /metrics on :\d+/.test(l));
      return line ? Number(/metrics on :(\d+)/.exec(line)?.[1]) : null;
    });
    const labels = `job="${jobId}",job_name="`;
    const sample = (text: string, prefix: string, suffix = '') =>
      text
        .split('\n')
        .filter((l) => l.startsWith(prefix) && l.includes(labels) && l.includes(suffix))
        .map((l) => Number(l.split(' ').pop()));
    const text = await waitUntil(
      'all records counted on /metrics',
      async () => {
        const t = await scrape(port);
        return sample(t, 'velo_records_in_total{')[0] === TOTAL - MALFORMED ? t : null;
      },
      40_000,
    );
    expect(sample(text, 'velo_records_out_total{')).toEqual([TOTAL - MALFORMED]);
    expect(sample(text, 'velo_records_failed_total{', 'reason="malformed"')).toEqual([MALFORMED]);
    expect(sample(text, 'velo_job_status{', 'state="RUNNING"')).toEqual([1]);
    for (const region of REGIONS) {
      expect(sample(text, 'velo_big_amounts_total{', `region="${region}"`)).toEqual([
        expectedBig[region],
      ]);
    }

    // The same totals through metrics.series (one-second values summed over the run).
    const totalOf = async (name: string) => {
      const series = await getMetricSeries(
        { prisma },
        { teamId, jobId, names: [name], from: started - 5000, to: Date.now() + 1000, step: 1 },
      );
      return series.series
        .flatMap((s) => s.values)
        .reduce((sum, v) => sum + (v === null ? 0 : Number(v)), 0);
    };
    await waitUntil(
      'stored records_in',
      async () => (await totalOf('records_in')) === TOTAL - MALFORMED,
      20_000,
    );
    expect(await totalOf('records_out')).toBe(TOTAL - MALFORMED);
    expect(await totalOf('dlq_records')).toBe(MALFORMED);
    expect(await totalOf('user:velo_big_amounts_total')).toBe(
      Object.values(expectedBig).reduce((a, b) => a + b, 0),
    );

    const graph = await getLineageGraph({ prisma }, { teamId });
    const input = graph.nodes.find((n) => n.uri === `file://${dir}/in.jsonl`);
    const output = graph.nodes.find((n) => n.uri === `file://${dir}/out.jsonl`);
    const jobNode = graph.nodes.find((n) => n.jobId === jobId);
    expect(output?.columns).toEqual([
      { name: 'region', upstream: [{ nodeId: input?.id, column: 'region' }] },
      { name: 'amount', upstream: [{ nodeId: input?.id, column: 'amount' }] },
    ]);
    expect(graph.edges.map((e) => [e.from, e.to]).sort()).toEqual(
      [
        [input?.id, jobNode?.id],
        [jobNode?.id, output?.id],
      ].sort(),
    );

    await waitUntil('OpenLineage START', () => events.some((e) => e.eventType === 'START'));
    await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'STOPPED' } });
    await waitUntil(
      'OpenLineage COMPLETE',
      () => events.some((e) => e.eventType === 'COMPLETE'),
      20_000,
    );
    expect(events.map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
    expect(events[0].inputs.map((i) => i.name)).toEqual([`${dir.slice(1)}/in.jsonl`]);
  }, 120_000);
});
