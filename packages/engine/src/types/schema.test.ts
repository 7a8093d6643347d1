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
      { name: 'price', type: 'DECIMAL', scale: 3 },
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
});
