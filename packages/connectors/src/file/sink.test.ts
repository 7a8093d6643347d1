import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readJsonLines } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { createSink } from '../registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'velo-file-sink-'));
const records = readJsonLines(
  '{"b": 1, "a": 120.50, "s": "é,\\"x\\""}\n{"b": 2, "a": null, "s": "plain"}',
).records.map((fields) => ({ fields: fields as Record<string, never>, eventTime: 0 }));

describe('file sink', () => {
  it('writes JSONL in column order with decimals as strings, creating folders', async () => {
    const path = join(dir, 'deep', 'er', 'out.jsonl');
    const sink = await createSink(`${pathToFileURL(path).href}?format=jsonl`);
    await sink.writeBatch(['a', 'b', 's'], records);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe(
      '{"a":"120.50","b":1,"s":"é,\\"x\\""}\n{"a":null,"b":2,"s":"plain"}\n',
    );
  });

  it('writes CSV with a header once, and appends without repeating it', async () => {
    const path = join(dir, 'out.csv');
    const uri = `${pathToFileURL(path).href}?format=csv`;
    const sink = await createSink(uri);
    await sink.writeBatch(['b', 'a'], records.slice(0, 1));
    await sink.writeBatch(['b', 'a'], records.slice(1));
    await sink.close();
    const again = await createSink(uri, { append: true });
    await again.writeBatch(['b', 'a'], records.slice(0, 1));
    await again.close();
    expect(readFileSync(path, 'utf8')).toBe('b,a\n1,120.50\n2,\n1,120.50\n');
  });

  it('refuses a glob as a sink path', async () => {
    await expect(createSink(`${pathToFileURL(join(dir, '*.jsonl')).href}`)).rejects.toThrow(
      'a file sink needs one path, not a glob',
    );
  });
});
