/** Deterministic ~200-byte order records (JSON text and Avro) for the connector benchmark. */
import { writeFileSync } from 'node:fs';
import { Decimal, type EngineRecord, Timestamp } from '@velo/engine';

export const ORDER_SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'velo.bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'symbol', type: 'string' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'quantity', type: 'long' },
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'channel', type: 'string' },
    { name: 'note', type: 'string' },
  ],
};

export const OUTPUT_SCHEMA = {
  type: 'record',
  name: 'BigOrder',
  namespace: 'velo.bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'total', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 } },
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

export function writeSchema(path: string, schema: unknown): void {
  writeFileSync(path, JSON.stringify(schema));
}

const SYMBOLS = ['ACME', 'VELO', 'KAFK', 'PGSQ', 'AVRO', 'JSON'];
const CHANNELS = ['web', 'mobile', 'partner', 'store'];

/** Record i: amount 0.01–1999.99, so `amount > 100.00` keeps ~95%. */
export function orderRecord(i: number): EngineRecord {
  const cents = ((i * 7919) % 199_999) + 1;
  return {
    fields: {
      id: BigInt(i),
      customer: `customer-${String(i % 5000).padStart(5, '0')}`,
      symbol: SYMBOLS[i % SYMBOLS.length],
      amount: new Decimal(BigInt(cents), 2),
      quantity: BigInt((i % 50) + 1),
      ts: new Timestamp(1_700_000_000_000 + i),
      channel: CHANNELS[i % CHANNELS.length],
      note: `order ${i} placed through the benchmark generator for velo`,
    },
    eventTime: 1_700_000_000_000 + i,
  };
}

/**
 * Record i as JSON text the way an upstream producer writes it: DECIMAL as a JSON number with
 * its scale (Velo's own JSON writer quotes decimals, which a reader without a declared type
 * would take for strings).
 */
export function orderJson(i: number): string {
  const f = orderRecord(i).fields;
  return `{"id":${i},"customer":"${f.customer}","symbol":"${f.symbol}","amount":${String(f.amount)},"quantity":${f.quantity},"ts":${1_700_000_000_000 + i},"channel":"${f.channel}","note":"${f.note}"}`;
}

export function expectedOutputCount(n: number): number {
  let kept = 0;
  for (let i = 0; i < n; i++) if (((i * 7919) % 199_999) + 1 > 10_000) kept++;
  return kept;
}
