/**
 * The sqllogictest suite (`*.slt` beside this file, format in ./slt-file.ts): every record is
 * one test, run through the engine's public API with its sources pushed to their end.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSlt } from './run-slt.ts';
import { parseSlt, type SltQuery } from './slt-file.ts';

const root = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(join(root, 'files'))
  .filter((f) => f.endsWith('.slt'))
  .sort();
const queries = files.flatMap((f) => parseSlt(readFileSync(join(root, 'files', f), 'utf8'), f));

describe('sqllogictest', () => {
  // The suite only grows: raise the floor as files are added.
  it('has at least 1,500 queries', () => {
    expect(queries.length).toBeGreaterThanOrEqual(1500);
  });
  it.each(queries.map((q) => [q.where, q] as const))('%s', (_where, q) => check(q));
});

function check(q: SltQuery): void {
  const result = runSlt(q);
  if (q.kind === 'error') {
    expect(result.errors.length, `expected an error from ${q.sql}`).toBeGreaterThan(0);
    expect(result.errors.join('\n'), q.sql).toContain(q.error);
    return;
  }
  expect(result.errors, q.sql).toEqual([]);
  if (q.kind === 'ok') return;
  expect(result.columns.length, `column count of ${q.sql}`).toBe(q.columns);
  const rows = q.sort === 'rowsort' ? [...result.rows].sort() : result.rows;
  const expected = q.sort === 'rowsort' ? [...q.expected].sort() : q.expected;
  expect(rows, q.sql).toEqual(expected);
}
