import { PassThrough } from 'node:stream';
import { readJsonLines } from '@velo/engine';
import { expect, it } from 'vitest';
import { createSink } from '../registry.ts';

it('writes JSONL (or CSV) to the given stdout stream', async () => {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c) => chunks.push(String(c)));
  const records = readJsonLines('{"x": 1.10}').records.map((fields) => ({
    fields: fields as Record<string, never>,
    eventTime: 0,
  }));
  const jsonl = await createSink('stdout://', { stdout: out });
  await jsonl.writeBatch(['x'], records);
  await jsonl.close();
  const csv = await createSink('stdout://?format=csv', { stdout: out });
  await csv.writeBatch(['x'], records);
  await csv.close();
  expect(chunks.join('')).toBe('{"x":"1.10"}\nx\n1.10\n');
});
