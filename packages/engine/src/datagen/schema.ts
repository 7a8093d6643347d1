/**
 * Column schemas of the datagen sources, so the analyzer and the editor's completion know the
 * columns without sampling. Nexmark records carry `kind` plus the columns of their kind; the
 * schema is the union for the kinds requested. DECIMAL precision is what each generator declares
 * (orders.ts: amount DECIMAL(10,2), at most 1800.00; trades.ts: price DECIMAL(12,2)).
 */
import type { Column, Schema } from '../types/schema.ts';
import type { NexmarkKind } from './nexmark.ts';
import type { DatagenSpec } from './source.ts';

const ORDERS: Column[] = [
  { name: 'order_id', type: 'INTEGER' },
  { name: 'customer_id', type: 'INTEGER' },
  { name: 'product', type: 'STRING' },
  { name: 'amount', type: 'DECIMAL', precision: 10, scale: 2 },
  { name: 'quantity', type: 'INTEGER' },
  { name: 'ts', type: 'TIMESTAMP' },
];

const TRADES: Column[] = [
  { name: 'trade_id', type: 'INTEGER' },
  { name: 'symbol', type: 'STRING' },
  { name: 'price', type: 'DECIMAL', precision: 12, scale: 2 },
  { name: 'volume', type: 'INTEGER' },
  { name: 'side', type: 'STRING' },
  { name: 'ts', type: 'TIMESTAMP' },
];

const CUSTOMERS: Column[] = [
  { name: 'customer_id', type: 'INTEGER' },
  { name: 'name', type: 'STRING' },
  { name: 'email', type: 'STRING' },
  { name: 'country', type: 'STRING' },
  { name: 'tier', type: 'STRING' },
  { name: 'signup_ts', type: 'TIMESTAMP' },
];

const NEXMARK: Record<NexmarkKind, Column[]> = {
  person: [
    { name: 'id', type: 'INTEGER' },
    { name: 'name', type: 'STRING' },
    { name: 'email_address', type: 'STRING' },
    { name: 'credit_card', type: 'STRING' },
    { name: 'city', type: 'STRING' },
    { name: 'state', type: 'STRING' },
    { name: 'date_time', type: 'TIMESTAMP' },
    { name: 'extra', type: 'STRING' },
  ],
  auction: [
    { name: 'id', type: 'INTEGER' },
    { name: 'item_name', type: 'STRING' },
    { name: 'description', type: 'STRING' },
    { name: 'initial_bid', type: 'INTEGER' },
    { name: 'reserve', type: 'INTEGER' },
    { name: 'date_time', type: 'TIMESTAMP' },
    { name: 'expires', type: 'TIMESTAMP' },
    { name: 'seller', type: 'INTEGER' },
    { name: 'category', type: 'INTEGER' },
    { name: 'extra', type: 'STRING' },
  ],
  bid: [
    { name: 'auction', type: 'INTEGER' },
    { name: 'bidder', type: 'INTEGER' },
    { name: 'price', type: 'INTEGER' },
    { name: 'channel', type: 'STRING' },
    { name: 'url', type: 'STRING' },
    { name: 'date_time', type: 'TIMESTAMP' },
    { name: 'extra', type: 'STRING' },
  ],
};

export function datagenSchema(spec: Pick<DatagenSpec, 'generator' | 'kinds'>): Schema {
  switch (spec.generator) {
    case 'orders':
      return { columns: ORDERS.map((c) => ({ ...c })) };
    case 'trades':
      return { columns: TRADES.map((c) => ({ ...c })) };
    case 'customers':
      return { columns: CUSTOMERS.map((c) => ({ ...c })) };
    case 'nexmark': {
      const columns: Column[] = [{ name: 'kind', type: 'STRING' }];
      const seen = new Set(['kind']);
      for (const kind of spec.kinds ?? (['person', 'auction', 'bid'] as NexmarkKind[])) {
        for (const c of NEXMARK[kind]) {
          if (seen.has(c.name)) continue;
          seen.add(c.name);
          columns.push({ ...c });
        }
      }
      return { columns };
    }
  }
}
