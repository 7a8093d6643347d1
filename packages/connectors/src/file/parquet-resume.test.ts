/** Stop/resume through the runtime: a Parquet glob resumed from its checkpointed position. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compile, inferSchema } from '@velo/engine';
import { type Checkpoint, peekSource, runProgram } from '@velo/runtime';
import { expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'parquet');
const input = `${pathToFileURL(join(fixtures, 'parts')).href}/*.parquet`;
const dir = mkdtempSync(join(tmpdir(), 'velo-parquet-resume-'));

it('a run stopped after a checkpoint and resumed from it loses and duplicates nothing', async () => {
  const sinkUri = (name: string) => pathToFileURL(join(dir, name)).href;
  const sql = (out: string) =>
    `CREATE STREAM s AS SELECT seq, total * 10 AS t, at FROM '${input}' INTO '${out}'`;

  async function run(out: string, limit?: number, restore?: Checkpoint) {
    const opened = await createSource(input, { resumeFrom: restore?.positions[input] });
    const { sample, source } = await peekSource(opened, 1);
    const c = compile(sql(out), {
      schemas: sample.records.length ? { [input]: inferSchema(sample.records) } : {},
    });
    if (!c.program) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
    const sink = await createSink(out, { append: restore !== undefined });
    const summary = await runProgram({
      program: c.program,
      sources: { [input]: source },
      sinks: { [out]: sink },
      batchSize: 1,
      limits: limit === undefined ? undefined : { maxRecords: limit },
      checkpoint: {},
      restore,
    });
    await source.close();
    await sink.close();
    return summary;
  }

  await run(sinkUri('all.jsonl'));
  const first = await run(sinkUri('parts.jsonl'), 3);
  expect(first.reason).toBe('limit');
  expect(first.checkpoint?.positions[input]).toEqual({ file: 1, row: 1 });
  const second = await run(sinkUri('parts.jsonl'), undefined, first.checkpoint);
  expect(second.reason).toBe('end');
  const all = readFileSync(join(dir, 'all.jsonl'), 'utf8');
  expect(all).toBe(
    [
      '{"seq":11,"t":"11.00","at":"2024-03-01T10:00:00.000Z"}',
      '{"seq":12,"t":"-12.50","at":"2024-03-01T10:00:01.500Z"}',
      '{"seq":21,"t":"21.00","at":"2024-03-02T10:00:00.000Z"}',
      '{"seq":22,"t":"-22.50","at":"2024-03-02T10:00:01.500Z"}',
      '{"seq":31,"t":"31.00","at":"2024-03-03T10:00:00.000Z"}',
      '{"seq":32,"t":"-32.50","at":"2024-03-03T10:00:01.500Z"}',
      '',
    ].join('\n'),
  );
  expect(readFileSync(join(dir, 'parts.jsonl'), 'utf8')).toBe(all);
});
