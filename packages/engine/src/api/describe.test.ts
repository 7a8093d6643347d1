import { expect, it, describe as suite } from 'vitest';
import { datagenSchema } from '../datagen/schema.ts';
import type { Schema } from '../types/schema.ts';
import { describe } from './describe.ts';

const ORDERS = "'datagen://orders'";
/** The console hands the analyzer the generator's schema (workers/preview/source-schemas.ts). */
const ORDERS_SCHEMA = { 'datagen://orders': datagenSchema({ generator: 'orders' }) };

function columns(sql: string, schemas: Record<string, Schema> = {}) {
  const r = describe(sql, { schemas: { ...ORDERS_SCHEMA, ...schemas } });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.statements.map((s) => s.columns);
}

suite('describe: DECIMAL(p,s) of columns and expressions', () => {
  it('types a datagen column as its generator declares it, and expressions by the engine rules', () => {
    const [out] = columns(
      `SELECT amount, amount * quantity AS line, amount * 1.5 AS scaled, amount + 0.125 AS plus,
              amount / quantity AS per_unit, -amount AS neg, ROUND(amount, 1) AS r,
              CAST(amount AS DECIMAL(12, 4)) AS c, CAST(quantity AS DECIMAL(5)) AS q, quantity
       FROM ${ORDERS}`,
    );
    expect(out).toEqual([
      { name: 'amount', type: 'DECIMAL', precision: 10, scale: 2 },
      // DECIMAL(10,2) * INTEGER (DECIMAL(19,0)): scales add, 10 + 19 + 1 digits
      { name: 'line', type: 'DECIMAL', precision: 30, scale: 2 },
      // * DECIMAL(2,1): scale 2 + 1
      { name: 'scaled', type: 'DECIMAL', precision: 13, scale: 3 },
      { name: 'plus', type: 'DECIMAL', precision: 12, scale: 3 },
      // / : scale max(2, 0, 6); 8 integer digits + 0 + 6
      { name: 'per_unit', type: 'DECIMAL', precision: 14, scale: 6 },
      { name: 'neg', type: 'DECIMAL', precision: 10, scale: 2 },
      { name: 'r', type: 'DECIMAL', precision: 10, scale: 1 },
      { name: 'c', type: 'DECIMAL', precision: 12, scale: 4 },
      { name: 'q', type: 'DECIMAL', precision: 5, scale: 0 },
      { name: 'quantity', type: 'INTEGER' },
    ]);
  });

  it('types SUM and AVG of DECIMAL(10,2), MIN/MAX keep the type, COUNT is INTEGER', () => {
    const [out] = columns(
      `SELECT customer_id, SUM(amount) AS total, AVG(amount) AS avg_amount, MIN(amount) AS lo,
              MAX(amount * quantity) AS hi, COUNT(*) AS n, SUM(amount) / COUNT(*) AS mean
       FROM ${ORDERS} GROUP BY customer_id`,
    );
    expect(out).toEqual([
      { name: 'customer_id', type: 'INTEGER' },
      { name: 'total', type: 'DECIMAL', precision: 38, scale: 2 },
      { name: 'avg_amount', type: 'DECIMAL', precision: 38, scale: 6 },
      { name: 'lo', type: 'DECIMAL', precision: 10, scale: 2 },
      { name: 'hi', type: 'DECIMAL', precision: 30, scale: 2 },
      { name: 'n', type: 'INTEGER' },
      { name: 'mean', type: 'DECIMAL', precision: 38, scale: 6 },
    ]);
  });

  it('carries types through earlier statements and sampled schemas (scale without precision too)', () => {
    const sql = [
      `CREATE STREAM priced AS SELECT order_id, amount * 2 AS doubled FROM ${ORDERS};`,
      'SELECT doubled + price AS total, price * 2 AS p2 FROM priced JOIN prices ON true',
    ].join('\n');
    const out = columns(sql, {
      prices: { columns: [{ name: 'price', type: 'DECIMAL', scale: 3 }] },
    });
    expect(out[1]).toEqual([
      // DECIMAL(30,2) + DECIMAL(scale 3): the scale is known, the precision is not
      { name: 'total', type: 'DECIMAL', scale: 3 },
      { name: 'p2', type: 'DECIMAL', scale: 3 },
    ]);
  });

  it('lists each written DECIMAL expression with its position and type text', () => {
    const r = describe(`SELECT SUM(amount * quantity) AS total FROM ${ORDERS}`, {
      schemas: ORDERS_SCHEMA,
    });
    expect(r.decimals).toEqual([
      {
        line: 1,
        column: 12,
        endLine: 1,
        endColumn: 18,
        precision: 10,
        scale: 2,
        type: 'DECIMAL(10,2)',
      },
      {
        line: 1,
        column: 12,
        endLine: 1,
        endColumn: 29,
        precision: 30,
        scale: 2,
        type: 'DECIMAL(30,2)',
      },
      {
        line: 1,
        column: 8,
        endLine: 1,
        endColumn: 30,
        precision: 38,
        scale: 2,
        type: 'DECIMAL(38,2)',
      },
    ]);
  });
});
