import { parse } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { declaredColumns } from './declared-types';

describe('declaredColumns', () => {
  it('gives the precision and scale a CAST declares, per aliased output column', () => {
    const sql = [
      "SELECT CAST(amount AS DECIMAL(12, 2)) AS price, CAST(quantity AS DECIMAL(5)) AS q, product FROM 'datagen://orders';",
      "SELECT CAST(order_id AS STRING) AS id, CAST(amount AS NUMERIC(10,4)) FROM 'datagen://orders'",
    ].join('\n');
    expect(declaredColumns(parse(sql).statements)).toEqual([
      { name: 'price', type: 'DECIMAL(12,2)', statement: 0 },
      { name: 'q', type: 'DECIMAL(5,0)', statement: 0 },
      { name: 'id', type: 'STRING', statement: 1 },
    ]);
  });
});
