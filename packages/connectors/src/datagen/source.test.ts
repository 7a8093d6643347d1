import { formatJsonRow } from '@velo/engine';
import { expect, it } from 'vitest';
import { createSource } from '../registry.ts';

async function drain(uri: string, resumeFrom?: unknown) {
  const source = await createSource(uri, { resumeFrom, now: () => 0 });
  const rows: string[] = [];
  let batch = await source.readBatch(7);
  rows.push(...batch.records.map((r) => formatJsonRow(r.fields)));
  while (!batch.done) {
    batch = await source.readBatch(7);
    rows.push(...batch.records.map((r) => formatJsonRow(r.fields)));
  }
  return { rows, bounded: source.bounded };
}

it('is bounded with a limit, deterministic for a seed, and resumable', async () => {
  const a = await drain('datagen://orders?seed=7&limit=20');
  const b = await drain('datagen://orders?seed=7&limit=20');
  expect(a.bounded).toBe(true);
  expect(a.rows.length).toBe(20);
  expect(b.rows).toEqual(a.rows);
  const rest = await drain('datagen://orders?seed=7&limit=20', { emitted: 12, eventNumber: 12 });
  expect(rest.rows).toEqual(a.rows.slice(12));
});
