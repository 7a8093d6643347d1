import { Decimal } from '@velo/engine';
import type { RunOutput } from '@velo/runtime';
import { describe, expect, it } from 'vitest';
import { OutputRing } from './output-sample.ts';

function output(sink: string, amounts: string[]): RunOutput {
  return {
    sink,
    statement: 0,
    kind: 'stream',
    into: sink,
    columns: ['id', 'amount'],
    records: amounts.map((a, i) => ({
      fields: { id: BigInt(i), amount: Decimal.parse(a) },
      eventTime: 0,
    })),
  };
}

describe('OutputRing', () => {
  it('keeps the newest records per output and hands out each once, exact decimals as text', () => {
    const ring = new OutputRing(3);
    ring.add(output('kafka://a', ['1.10', '2.20']));
    ring.add(output('kafka://b', ['123456789012345.67']));
    expect(ring.take()).toEqual([
      {
        sink: 'kafka://a',
        columns: ['id', 'amount'],
        cells: [
          { t: 'INTEGER', v: '0' },
          { t: 'DECIMAL', v: '1.10' },
        ],
      },
      {
        sink: 'kafka://a',
        columns: ['id', 'amount'],
        cells: [
          { t: 'INTEGER', v: '1' },
          { t: 'DECIMAL', v: '2.20' },
        ],
      },
      {
        sink: 'kafka://b',
        columns: ['id', 'amount'],
        cells: [
          { t: 'INTEGER', v: '0' },
          { t: 'DECIMAL', v: '123456789012345.67' },
        ],
      },
    ]);
    expect(ring.take()).toEqual([]);
    ring.add(output('kafka://a', ['3.00', '4.00', '5.00', '6.00', '7.50']));
    expect(ring.take().map((r) => r.cells[1].v)).toEqual(['5.00', '6.00', '7.50']);
  });
});
