import { compile } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { prisma } from '../../../test/harness.ts';
import { seedDemo } from './seed-demo.ts';
import { DEMO_JOB_NAME, demoJobOutputPath, demoJobSql } from './seed-demo-job.ts';

describe('the demo job', () => {
  it('is seeded once for the demo team, wanting to run, with version 1 kept', async () => {
    const { team } = await seedDemo(prisma);
    const job = await prisma.job.findUniqueOrThrow({
      where: { teamId_name: { teamId: team.id, name: DEMO_JOB_NAME } },
    });
    expect(job.desiredState === 'RUNNING' || job.desiredState === 'STOPPED').toBe(true);
    expect(job.restartPolicy).toBe('always');
    expect(await prisma.jobVersion.count({ where: { jobId: job.id } })).toBeGreaterThanOrEqual(1);
    await seedDemo(prisma);
    expect(await prisma.job.count({ where: { teamId: team.id, name: DEMO_JOB_NAME } })).toBe(1);
  });

  it('compiles: datagen orders, a 10 s tumbling window, exact decimals, a file sink', () => {
    const sql = demoJobSql(demoJobOutputPath());
    const compiled = compile(sql);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiled.program?.sinks.map((s) => s.into)).toEqual([
      `file://${demoJobOutputPath()}?format=jsonl`,
    ]);
    expect(demoJobOutputPath()).toMatch(/\/demo\/revenue_per_product\.jsonl$/);
  });
});
