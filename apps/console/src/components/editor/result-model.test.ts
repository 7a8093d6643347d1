import { describe, expect, it } from 'vitest';
import { appendChunk, emptyResultSet, outputLabel } from './result-model';

const info = { sink: 'result', statement: 0, kind: 'select', into: null, columns: ['k', 'n'] };
const row = (key: string | null, k: string, n: string) => ({
  op: '+I' as const,
  key,
  cells: [
    { t: 'STRING' as const, v: k },
    { t: 'INTEGER' as const, v: n },
  ],
});

describe('result sets', () => {
  it('table mode replaces the row of a key; changelog keeps every change with its op', () => {
    const set = emptyResultSet(info);
    appendChunk(set, {
      sink: 'result',
      statement: 0,
      columns: ['k', 'n'],
      rows: [row('a', 'a', '1'), row('b', 'b', '1')],
    });
    appendChunk(set, {
      sink: 'result',
      statement: 0,
      columns: ['k', 'n'],
      rows: [row('a', 'a', '2')],
    });
    expect(set.table.map((r) => r.cells.map((c) => c.v))).toEqual([
      ['a', '2'],
      ['b', '1'],
    ]);
    expect(set.changelog.map((r) => [r.op, r.cells[1]!.v])).toEqual([
      ['+I', '1'],
      ['+I', '1'],
      ['+U', '2'],
    ]);
  });

  it('rows without a key are all inserts', () => {
    const set = emptyResultSet(info);
    appendChunk(set, {
      sink: 'result',
      statement: 0,
      columns: ['k', 'n'],
      rows: [row(null, 'a', '1'), row(null, 'a', '1')],
    });
    expect(set.table).toHaveLength(2);
  });

  it('labels outputs by the sink they would write to', () => {
    expect(outputLabel({ ...info, into: 'kafka://@local/out', sink: 'kafka://@local/out' })).toBe(
      '→ kafka://@local/out',
    );
    expect(outputLabel({ ...info, statement: 1 })).toBe('Statement 2');
  });
});
