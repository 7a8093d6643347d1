import { datagenSchema, describe as describeSql } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { declaredColumns } from './declared-types';

const schemas = { 'datagen://orders': datagenSchema({ generator: 'orders' }) };

describe('declaredColumns', () => {
  it("gives each output column the engine's type, DECIMAL(p,s) as the engine prints it", () => {
    const sql = [
      "SELECT CAST(amount AS DECIMAL(12, 2)) AS price, CAST(quantity AS DECIMAL(5)) AS q, product FROM 'datagen://orders';",
      "SELECT CAST(order_id AS STRING) AS id, SUM(amount) AS total, AVG(amount * quantity) AS avg_line FROM 'datagen://orders' GROUP BY order_id",
    ].join('\n');
    expect(declaredColumns(describeSql(sql, { schemas }).statements)).toEqual([
      { name: 'price', type: 'DECIMAL(12,2)', statement: 0 },
      { name: 'q', type: 'DECIMAL(5,0)', statement: 0 },
      { name: 'product', type: 'STRING', statement: 0 },
      { name: 'id', type: 'STRING', statement: 1 },
      { name: 'total', type: 'DECIMAL(38,2)', statement: 1 },
      { name: 'avg_line', type: 'DECIMAL(38,6)', statement: 1 },
    ]);
  });

  it('shows the scale alone while a sampled column has no precision', () => {
    const sql = "SELECT price * 2 AS doubled FROM 'kafka://@local/prices'";
    const described = describeSql(sql, {
      schemas: {
        'kafka://@local/prices': { columns: [{ name: 'price', type: 'DECIMAL', scale: 3 }] },
      },
    });
    expect(declaredColumns(described.statements)).toEqual([
      { name: 'doubled', type: 'DECIMAL(scale 3)', statement: 0 },
    ]);
  });
});
