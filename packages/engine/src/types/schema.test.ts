import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.ts';
import { inferSchema } from './schema.ts';
import type { EngineRecord, Value } from './value.ts';

const rec = (fields: Record<string, Value>): EngineRecord => ({ fields, eventTime: 0 });

describe('inferSchema', () => {
  it('infers types in first-seen order', () => {
    const schema = inferSchema([
      rec({ id: 1n, price: Decimal.parse('1.50'), name: 'a', ts: '2024-01-01T00:00:00Z' }),
      rec({ id: 2n, price: 3n, name: null, tags: ['x'], ratio: 1n }),
      rec({ id: 3n, price: Decimal.parse('2.125'), payload: { a: 1n }, ratio: 0.5, flag: true }),
      rec({ id: 4n, mixed: 'x', never: null }),
      rec({ mixed: 1n }),
    ]);
    expect(schema.columns).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'price', type: 'DECIMAL', scale: 3, precision: 4 },
      { name: 'name', type: 'STRING' },
      { name: 'ts', type: 'STRING' },
      { name: 'tags', type: 'JSON' },
      { name: 'ratio', type: 'FLOAT' },
      { name: 'payload', type: 'JSON' },
      { name: 'flag', type: 'BOOLEAN' },
      { name: 'mixed', type: 'ANY' },
      { name: 'never', type: 'NULL' },
    ]);
  });

  it('gives a DECIMAL column the most integer digits plus the largest scale, at most 38', () => {
    const schema = inferSchema([
      rec({
        amount: Decimal.parse('1234.5'),
        big: Decimal.parse('1.5'),
        small: Decimal.parse('-0.005'),
      }),
      rec({ amount: Decimal.parse('0.125'), big: Decimal.parse(`${'9'.repeat(40)}.25`) }),
      rec({ amount: 123456n, small: Decimal.parse('0.5') }),
    ]);
    expect(schema.columns).toEqual([
      // 123456 (6 integer digits) + scale 3 from 0.125
      { name: 'amount', type: 'DECIMAL', scale: 3, precision: 9 },
      { name: 'big', type: 'DECIMAL', scale: 2, precision: 38 },
      // -0.005: no integer digits, still one before the point (DECIMAL(4,3) holds 0.005)
      { name: 'small', type: 'DECIMAL', scale: 3, precision: 4 },
    ]);
  });
});
