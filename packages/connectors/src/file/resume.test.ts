/** Stop/resume through the runtime: a file source resumed from its checkpointed position. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, inferSchema } from '@velo/engine';
import { type Checkpoint, peekSource, runProgram } from '@velo/runtime';
import { expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'velo-file-resume-'));

it('a run stopped after a checkpoint and resumed from it loses and duplicates nothing', async () => {
  const lines = ['id,note'];
  for (let i = 1; i <= 100; i++) lines.push(i % 7 === 0 ? `${i},"multi\nline ${i}"` : `${i},n${i}`);
  writeFileSync(join(dir, 'in.csv'), `${lines.join('\n')}\n`);
  const input = pathToFileURL(join(dir, 'in.csv')).href;
  const sinkUri = (name: string) => pathToFileURL(join(dir, name)).href;
  const sql = (out: string) =>
    `CREATE STREAM s AS SELECT id, note FROM '${input}' WHERE id % 2 = 1 INTO '${out}'`;

  async function run(out: string, limit?: number, restore?: Checkpoint) {
    const opened = await createSource(input, { resumeFrom: restore?.positions[input] });
    const { sample, source } = await peekSource(opened, 10);
    const c = compile(sql(out), {
      schemas: sample.records.length ? { [input]: inferSchema(sample.records) } : {},
    });
    if (!c.program) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
    const sink = await createSink(out, { append: restore !== undefined });
    const summary = await runProgram({
      program: c.program,
      sources: { [input]: source },
      sinks: { [out]: sink },
      batchSize: 16,
      limits: limit === undefined ? undefined : { maxRecords: limit },
      checkpoint: {},
      restore,
    });
    await source.close();
    await sink.close();
    return summary;
  }

  await run(sinkUri('all.jsonl'));
  const first = await run(sinkUri('parts.jsonl'), 40);
  expect(first.reason).toBe('limit');
  expect(first.checkpoint?.positions[input]).toMatchObject({ file: 0, line: 47 });
  const second = await run(sinkUri('parts.jsonl'), undefined, first.checkpoint);
  expect(second.reason).toBe('end');
  const all = readFileSync(join(dir, 'all.jsonl'), 'utf8');
  expect(all.split('\n').length).toBe(51);
  expect(readFileSync(join(dir, 'parts.jsonl'), 'utf8')).toBe(all);
});
