import { compile, lineage } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { datasetName } from './dataset-uri.ts';
import { jobLineage } from './job-lineage.ts';

function lineageOf(sql: string) {
  const compiled = compile(sql, {});
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  return jobLineage(lineage(compiled.program));
}

describe('dataset names', () => {
  it.each([
    ['kafka://localhost:9092/orders?group_id=g&format=json', 'kafka://localhost:9092/orders'],
    ['kafka://B:9092,a:9092/orders', 'kafka://a:9092,b:9092/orders'],
    ['kafka://@orders-cluster/orders', 'kafka://@orders-cluster/orders'],
    ['postgresql://u:secret@DB:5432/shop?table=customers', 'postgresql://db:5432/shop/customers'],
    ['postgres://@warehouse/shop?table=t&mode=upsert', 'postgresql://@warehouse/shop/t'],
    ['file:///data/out.jsonl?format=jsonl', 'file:///data/out.jsonl'],
    ['datagen://orders?rate=100', 'datagen://orders'],
  ])('%s → %s', (raw, uri) => {
    expect(datasetName(raw).uri).toBe(uri);
    expect(datasetName(raw).uri).not.toContain('secret');
  });
});

describe('job lineage', () => {
  it('follows a stream → table → join file through to the external columns', () => {
    const result = lineageOf(`
      CREATE STREAM big AS SELECT customer_id, amount * quantity AS value
        FROM 'kafka://localhost:9092/orders?group_id=g' WHERE amount > 10.00;
      CREATE TABLE customers AS SELECT id, name
        FROM 'postgresql://u:secret@db:5432/shop?table=customers';
      CREATE STREAM enriched AS SELECT b.customer_id, c.name, SUM(b.value) AS total
        FROM big b JOIN customers c ON b.customer_id = c.id
        GROUP BY b.customer_id, c.name
        INTO 'kafka://localhost:9092/enriched';`);
    const orders = 'kafka://localhost:9092/orders';
    const customers = 'postgresql://db:5432/shop/customers';
    expect(result).toEqual({
      inputs: [
        { uri: orders, columns: ['customer_id', 'amount', 'quantity'] },
        { uri: customers, columns: ['id', 'name'] },
      ],
      outputs: [
        {
          uri: 'kafka://localhost:9092/enriched',
          columns: [
            { name: 'customer_id', from: [{ uri: orders, column: 'customer_id' }] },
            { name: 'name', from: [{ uri: customers, column: 'name' }] },
            {
              name: 'total',
              from: [
                { uri: orders, column: 'amount' },
                { uri: orders, column: 'quantity' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('has no outputs for a plain SELECT', () => {
    expect(lineageOf("SELECT a FROM 'file:///in.jsonl'").outputs).toEqual([]);
  });
});
