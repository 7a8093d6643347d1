/** watch=true over a Parquet glob: new files are read as they appear, positions resume. */
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { createSource } from '../registry.ts';
import type { Source } from '../types.ts';

const parts = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'parquet', 'parts');
const folder = mkdtempSync(join(tmpdir(), 'velo-parquet-watch-'));
const add = (i: number) =>
  copyFileSync(join(parts, `part-${i}.parquet`), join(folder, `part-${i}.parquet`));

async function readFor(
  source: Source,
  ms: number,
): Promise<{ seqs: unknown[]; position: unknown }> {
  const seqs: unknown[] = [];
  const until = Date.now() + ms;
  let position: unknown;
  while (Date.now() < until) {
    const batch = await source.readBatch(100);
    expect(batch.done).toBe(false);
    seqs.push(...batch.records.map((r) => r.fields.seq));
    position = batch.position;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { seqs, position };
}

it('watch=true reads Parquet files that appear later, unbounded, and resumes past read files', async () => {
  add(1);
  const uri = `${pathToFileURL(folder).href}/*.parquet?watch=true&watch.interval=10ms`;
  const source = await createSource(uri);
  expect(source.bounded).toBe(false);
  expect((await readFor(source, 60)).seqs).toEqual([11n, 12n]);
  add(2);
  const second = await readFor(source, 80);
  expect(second.seqs).toEqual([21n, 22n]);
  await source.close();

  add(3);
  const resumed = await createSource(uri, { resumeFrom: second.position });
  expect((await readFor(resumed, 60)).seqs).toEqual([31n, 32n]);
  await resumed.close();

  const table = await createSource(uri, { asTable: true });
  const first = await table.readBatch(100);
  expect([first.records.length, first.tableLoaded]).toEqual([6, true]);
  expect((await table.readBatch(100)).tableLoaded).toBeUndefined();
  await table.close();
});

it('watch=true waits for a Parquet file still being written; one left unreadable is a dead letter', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'velo-parquet-watch-partial-'));
  const whole = readFileSync(join(parts, 'part-1.parquet'));
  // a writer half-way through: no footer yet
  writeFileSync(join(dir, 'a.parquet'), whole.subarray(0, 600));
  const uri = `${pathToFileURL(dir).href}/*.parquet?watch=true&watch.interval=10ms`;
  const source = await createSource(uri);
  const waiting = await source.readBatch(100);
  expect([waiting.records.length, waiting.deadLetters]).toEqual([0, []]);
  writeFileSync(join(dir, 'a.parquet'), whole);
  expect((await readFor(source, 60)).seqs).toEqual([11n, 12n]);

  // not Parquet and not modified for 10 s: skipped with the reason, the next file is read
  const bogus = join(dir, 'b.parquet');
  writeFileSync(bogus, 'not parquet at all');
  const old = new Date(Date.now() - 60_000);
  utimesSync(bogus, old, old);
  copyFileSync(join(parts, 'part-2.parquet'), join(dir, 'c.parquet'));
  const dead: unknown[] = [];
  const seqs: unknown[] = [];
  const until = Date.now() + 100;
  while (Date.now() < until) {
    const batch = await source.readBatch(100);
    dead.push(...batch.deadLetters);
    seqs.push(...batch.records.map((r) => r.fields.seq));
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(dead).toEqual([
    {
      location: bogus,
      raw: '',
      reason: `cannot read Parquet file '${bogus}': parquet file invalid (footer != PAR1)`,
    },
  ]);
  expect(seqs).toEqual([21n, 22n]);
  await source.close();
});
