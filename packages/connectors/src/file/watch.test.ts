import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatJsonRow } from '@velo/engine';
import { expect, it } from 'vitest';
import { createSource } from '../registry.ts';
import type { Source } from '../types.ts';

const dir = mkdtempSync(join(tmpdir(), 'velo-file-watch-'));

async function readFor(source: Source, ms: number): Promise<{ rows: string[]; position: unknown }> {
  const rows: string[] = [];
  const until = Date.now() + ms;
  let position: unknown;
  while (Date.now() < until) {
    const batch = await source.readBatch(100);
    expect(batch.done).toBe(false);
    rows.push(...batch.records.map((r) => formatJsonRow(r.fields)));
    position = batch.position;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { rows, position };
}

it('watch=true keeps reading new files of a glob, unbounded, and resumes past read files', async () => {
  const folder = join(dir, 'in');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.csv'), 'x\n1\n');
  const uri = `${pathToFileURL(folder).href}/*.csv?watch=true&watch.interval=10ms`;
  const source = await createSource(uri);
  expect(source.bounded).toBe(false);
  expect((await readFor(source, 40)).rows).toEqual(['{"x":1}']);
  writeFileSync(join(folder, 'b.csv'), 'x\n2\n3\n');
  const second = await readFor(source, 60);
  expect(second.rows).toEqual(['{"x":2}', '{"x":3}']);
  await source.close();

  writeFileSync(join(folder, 'c.csv'), 'x\n4\n');
  const resumed = await createSource(uri, { resumeFrom: second.position });
  expect((await readFor(resumed, 40)).rows).toEqual(['{"x":4}']);
  await resumed.close();

  // Read as a join's table side: `tableLoaded` once the files there at open are read.
  const table = await createSource(uri, { asTable: true });
  const first = await table.readBatch(100);
  expect([first.records.length, first.tableLoaded]).toEqual([4, true]);
  expect((await table.readBatch(100)).tableLoaded).toBeUndefined();
  await table.close();
});
