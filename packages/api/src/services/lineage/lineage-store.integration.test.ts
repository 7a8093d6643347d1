/**
 * Lineage against the real PostgreSQL: two jobs sharing a topic meet in one graph, every output
 * column names its upstream columns across jobs, a new version replaces a job's edges, and
 * focus/depth cut the graph.
 */
import { randomBytes } from 'node:crypto';
import { createPrismaClient } from '@velo/db';
import { compile, lineage } from '@velo/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLineageGraph } from './get-lineage-graph.ts';
import { jobLineage } from './job-lineage.ts';
import { recordJobLineage } from './record-job-lineage.ts';

if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at a migrated database');
const prisma = createPrismaClient(process.env.DATABASE_URL);
const deps = { prisma };
let teamId = '';

const ENRICH = `
  CREATE STREAM big AS SELECT customer_id, amount * quantity AS value
    FROM 'kafka://localhost:9092/orders?group_id=g' WHERE amount > 10.00;
  CREATE TABLE customers AS SELECT id, name FROM 'postgresql://u:secret@db:5432/shop?table=customers';
  CREATE STREAM enriched AS SELECT b.customer_id, c.name, SUM(b.value) AS total
    FROM big b JOIN customers c ON b.customer_id = c.id GROUP BY b.customer_id, c.name
    INTO 'kafka://localhost:9092/enriched?format=json';`;
const REPORT = `
  CREATE STREAM report AS SELECT name AS customer, total FROM 'kafka://localhost:9092/enriched?group_id=r'
    INTO 'file:///tmp/report.jsonl?format=jsonl';`;

function lineageOf(sql: string) {
  const compiled = compile(sql, {});
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  return jobLineage(lineage(compiled.program));
}

async function job(name: string, sql: string) {
  return prisma.job.create({ data: { teamId, name, sql, createdById: 'test' } });
}

beforeAll(async () => {
  const team = await prisma.team.create({
    data: { name: 'Lineage', slug: `lineage-${randomBytes(5).toString('hex')}` },
  });
  teamId = team.id;
});
afterAll(async () => {
  await prisma.team.delete({ where: { id: teamId } });
});

describe('lineage store', () => {
  it('connects jobs through a shared topic, with column lineage across them', async () => {
    const enrich = await job('enrich', ENRICH);
    const report = await job('report', REPORT);
    await recordJobLineage(deps, {
      teamId,
      jobId: enrich.id,
      jobName: 'enrich',
      jobVersion: 1,
      lineage: lineageOf(ENRICH),
    });
    await recordJobLineage(deps, {
      teamId,
      jobId: report.id,
      jobName: 'report',
      jobVersion: 1,
      lineage: lineageOf(REPORT),
    });

    const graph = await getLineageGraph(deps, { teamId });
    const id = (uri: string) => graph.nodes.find((n) => n.uri === uri)?.id ?? `missing ${uri}`;
    const orders = id('kafka://localhost:9092/orders');
    const customers = id('postgresql://db:5432/shop/customers');
    const enriched = id('kafka://localhost:9092/enriched');
    const reportFile = id('file:///tmp/report.jsonl');
    const enrichJob = id(`velo-job:${enrich.id}`);
    const reportJob = id(`velo-job:${report.id}`);
    expect(graph.nodes.map((n) => [n.kind, n.uri, n.name]).sort()).toEqual(
      [
        ['dataset', 'file:///tmp/report.jsonl', 'tmp/report.jsonl'],
        ['dataset', 'kafka://localhost:9092/enriched', 'enriched'],
        ['dataset', 'kafka://localhost:9092/orders', 'orders'],
        ['dataset', 'postgresql://db:5432/shop/customers', 'shop/customers'],
        ['job', `velo-job:${enrich.id}`, 'enrich'],
        ['job', `velo-job:${report.id}`, 'report'],
      ].sort(),
    );
    expect(JSON.stringify(graph)).not.toContain('secret');
    expect(graph.edges.map((e) => [e.from, e.to]).sort()).toEqual(
      [
        [orders, enrichJob],
        [customers, enrichJob],
        [enrichJob, enriched],
        [enriched, reportJob],
        [reportJob, reportFile],
      ].sort(),
    );
    const columnsOf = (nodeId: string) => graph.nodes.find((n) => n.id === nodeId)?.columns;
    expect(columnsOf(reportFile)).toEqual([
      { name: 'customer', upstream: [{ nodeId: enriched, column: 'name' }] },
      { name: 'total', upstream: [{ nodeId: enriched, column: 'total' }] },
    ]);
    expect(columnsOf(enriched)).toEqual([
      { name: 'customer_id', upstream: [{ nodeId: orders, column: 'customer_id' }] },
      { name: 'name', upstream: [{ nodeId: customers, column: 'name' }] },
      {
        name: 'total',
        upstream: [
          { nodeId: orders, column: 'amount' },
          { nodeId: orders, column: 'quantity' },
        ],
      },
    ]);
    expect(graph.nodes.find((n) => n.id === enrichJob)).toMatchObject({
      jobId: enrich.id,
      state: 'DRAFT',
    });

    const focused = await getLineageGraph(deps, { teamId, focus: report.id, depth: 1 });
    expect(focused.nodes.map((n) => n.id).sort()).toEqual([enriched, reportJob, reportFile].sort());
    expect(focused.edges).toHaveLength(2);
  });

  it('replaces a job’s edges when a new version starts', async () => {
    const j = await job('versioned', REPORT);
    await recordJobLineage(deps, {
      teamId,
      jobId: j.id,
      jobName: 'versioned',
      jobVersion: 1,
      lineage: lineageOf(REPORT),
    });
    const v2 = REPORT.replace('/tmp/report.jsonl', '/tmp/report-v2.jsonl');
    await recordJobLineage(deps, {
      teamId,
      jobId: j.id,
      jobName: 'versioned',
      jobVersion: 2,
      lineage: lineageOf(v2),
    });
    const edges = await prisma.lineageEdge.findMany({
      where: { jobId: j.id },
      include: { to: true },
    });
    expect(edges.map((e) => [e.jobVersion, e.to.uri]).sort()).toEqual(
      [
        [2, `velo-job:${j.id}`],
        [2, 'file:///tmp/report-v2.jsonl'],
      ].sort(),
    );
  });
});
