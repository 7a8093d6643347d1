import { describe, expect, it } from 'vitest';
import { records, run } from './test-support.ts';

const orders = records(`
{"id": 1, "cid": 10}
{"id": 2, "cid": 11}
{"id": 3, "cid": 12}
`);
const customers = records(`
{"id": 10, "name": "Ann", "nation": "NO"}
{"id": 11, "name": "Bo", "nation": "XX"}
`);
const nations = records(`{"code": "NO", "country": "Norge"}`);
const order = ['nations', 'customers', 'orders'];

describe('LEFT JOIN of a stream–table join result against a table', () => {
  it('orders JOIN customers LEFT JOIN nations', () => {
    const sql = `SELECT o.id, c.name, n.country FROM orders o
      JOIN customers c ON o.cid = c.id LEFT JOIN nations n ON c.nation = n.code`;
    expect(run(sql, { orders, customers, nations }, { order }).out.result).toEqual([
      '{"id":1,"name":"Ann","country":"Norge"}',
      '{"id":2,"name":"Bo","country":null}',
    ]);
  });

  it('LEFT JOIN then LEFT JOIN keeps every order', () => {
    const sql = `SELECT o.id, c.name, n.country FROM orders o
      LEFT JOIN customers c ON o.cid = c.id LEFT JOIN nations n ON c.nation = n.code`;
    expect(run(sql, { orders, customers, nations }, { order, batch: true }).out.result).toEqual([
      '{"id":1,"name":"Ann","country":"Norge"}',
      '{"id":2,"name":"Bo","country":null}',
      '{"id":3,"name":null,"country":null}',
    ]);
  });

  it('against CREATE TABLE statements', () => {
    const sql = `CREATE TABLE nat AS SELECT code, country FROM nations;
      CREATE TABLE cust AS SELECT id, name, nation FROM customers;
      SELECT o.id, c.name, n.country FROM orders o
      JOIN cust c ON o.cid = c.id LEFT JOIN nat n ON c.nation = n.code`;
    expect(run(sql, { orders, customers, nations }, { order }).out.result).toEqual([
      '{"id":1,"name":"Ann","country":"Norge"}',
      '{"id":2,"name":"Bo","country":null}',
    ]);
  });
});
