import { describe, expect, it } from 'vitest';
import type { EngineResponse } from '../engine-protocol';
import { runPreview } from './run-preview';

async function preview(sql: string, statement: number | null = null, rows = 10_000) {
  const messages: EngineResponse[] = [];
  await runPreview(
    { type: 'preview', id: 1, sql, statement, limits: { rows, timeMs: 10_000 }, samples: {} },
    (m) => messages.push(m),
    new AbortController().signal,
  );
  const rowsOf = (statementIndex: number) =>
    messages.flatMap((m) =>
      m.type === 'preview-progress'
        ? m.chunks.filter((c) => c.statement === statementIndex).flatMap((c) => c.rows)
        : [],
    );
  const deadLetters = messages.flatMap((m) => (m.type === 'preview-progress' ? m.deadLetters : []));
  const done = messages.find((m) => m.type === 'preview-done');
  const started = messages.find((m) => m.type === 'preview-started');
  return { rowsOf, deadLetters, done, started };
}

describe('runPreview', () => {
  it('runs a datagen window aggregate in process with exact decimals', async () => {
    const { rowsOf, done } = await preview(
      `SELECT product, COUNT(*) AS n, SUM(amount) AS revenue
       FROM 'datagen://orders?limit=10000' GROUP BY product WINDOW TUMBLING(1m)`,
    );
    const rows = rowsOf(0);
    expect(done).toMatchObject({ type: 'preview-done', cause: 'end', error: null });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.cells.map((c) => c.t)).toEqual(['STRING', 'INTEGER', 'DECIMAL']);
    expect(rows[0]!.cells[2]!.v).toMatch(/^\d+\.\d\d$/);
    expect(rows[0]!.key).not.toBeNull();
  });

  it('splits outputs per statement and reports division by zero with its SQL position', async () => {
    const sql = `SELECT order_id FROM 'datagen://orders?limit=2';
SELECT order_id, amount / (quantity - quantity) AS x FROM 'datagen://orders?limit=3' INTO 'kafka://@local/out'`;
    const { rowsOf, deadLetters, started } = await preview(sql);
    expect(started).toMatchObject({
      outputs: [
        { sink: 'result', statement: 0, into: null },
        { sink: 'kafka://@local/out', statement: 1, into: 'kafka://@local/out' },
      ],
    });
    expect(rowsOf(0).map((r) => r.cells[0]!.v)).toEqual(['1', '2']);
    expect(rowsOf(1)).toEqual([]);
    expect(deadLetters).toHaveLength(3);
    expect(deadLetters[0]).toMatchObject({ reason: 'division by zero', line: 2, column: 18 });
  });

  it('stops at the row limit', async () => {
    const { rowsOf, done } = await preview(`SELECT order_id FROM 'datagen://orders'`, null, 25);
    expect(rowsOf(0)).toHaveLength(25);
    expect(done).toMatchObject({ cause: 'rows' });
  });

  it('reports compile errors instead of running', async () => {
    const { done } = await preview(`SELECT prodct FROM 'datagen://orders'`);
    expect(done).toMatchObject({ cause: 'error' });
    expect(done?.type === 'preview-done' && done.diagnostics[0]?.hint).toBe(
      'did you mean "product"?',
    );
  });
});
