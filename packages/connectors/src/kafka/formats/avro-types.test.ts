import { Decimal, Timestamp } from '@velo/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFromAvro, compileRecordWriter, parseAvroSchema } from './avro-types.ts';

const schema = {
  type: 'record',
  name: 'Order',
  namespace: 'velo.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'qty', type: 'int' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 20, scale: 2 } },
    {
      name: 'fee',
      type: [
        'null',
        { type: 'fixed', name: 'Fee', size: 8, logicalType: 'decimal', precision: 18, scale: 4 },
      ],
    },
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'ratio', type: 'double' },
    { name: 'name', type: ['null', 'string'] },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'long' } },
    {
      name: 'where',
      type: { type: 'record', name: 'Where', fields: [{ name: 'city', type: 'string' }] },
    },
  ],
};

function roundTrip(fields: Record<string, unknown>) {
  const type = parseAvroSchema(schema);
  const write = compileRecordWriter(type);
  const read = compileFromAvro(type);
  const bytes = type.toBuffer(write([], { fields: fields as never, eventTime: 0 }));
  return read(type.fromBuffer(bytes));
}

describe('Avro values', () => {
  it('round-trip exactly: long beyond 2^53, decimals with their scale, timestamps', () => {
    expect(
      roundTrip({
        id: 9007199254740993n,
        qty: 3n,
        amount: Decimal.parse('123456789012345.6'),
        fee: Decimal.parse('-0.0001'),
        ts: new Timestamp(1700000000123),
        ratio: 0.25,
        name: null,
        tags: ['a', 'b'],
        attrs: { x: 1n },
        where: { city: 'Oslo' },
      }),
    ).toEqual({
      id: 9007199254740993n,
      qty: 3n,
      amount: new Decimal(12345678901234560n, 2),
      fee: new Decimal(-1n, 4),
      ts: new Timestamp(1700000000123),
      ratio: 0.25,
      name: null,
      tags: ['a', 'b'],
      attrs: { x: 1n },
      where: { city: 'Oslo' },
    });
  });

  it('refuses values that would change: extra decimal places, precision, NULL, int range', () => {
    const base = {
      id: 1n,
      qty: 1n,
      amount: Decimal.parse('1.00'),
      fee: null,
      ts: new Timestamp(0),
      ratio: 1,
      name: 'n',
      tags: [],
      attrs: {},
      where: { city: 'x' },
    };
    expect(() => roundTrip({ ...base, amount: Decimal.parse('1.005') })).toThrow(
      'Order.amount: 1.005 has more than 2 decimal places',
    );
    expect(() => roundTrip({ ...base, amount: Decimal.parse('1234567890123456789.5') })).toThrow(
      'Order.amount: 1234567890123456789.5 exceeds decimal(20, 2)',
    );
    expect(() => roundTrip({ ...base, id: null })).toThrow(
      'Order.id: NULL in a non-null Avro field',
    );
    expect(() => roundTrip({ ...base, qty: 2147483648n })).toThrow(
      'Order.qty: 2147483648 does not fit an int',
    );
  });
});

describe('Avro decimal bytes', () => {
  it('round-trip any unscaled value exactly (bytes and fixed)', () => {
    const type = parseAvroSchema({
      type: 'record',
      name: 'D',
      fields: [
        { name: 'b', type: { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 3 } },
        {
          name: 'f',
          type: {
            type: 'fixed',
            name: 'F',
            size: 16,
            logicalType: 'decimal',
            precision: 38,
            scale: 3,
          },
        },
      ],
    });
    const write = compileRecordWriter(type);
    const read = compileFromAvro(type);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 37n), max: 10n ** 37n }), (n) => {
        const d = new Decimal(n, 3);
        const bytes = type.toBuffer(write([], { fields: { b: d, f: d }, eventTime: 0 }));
        expect(read(type.fromBuffer(bytes))).toEqual({ b: d, f: d });
      }),
      { numRuns: 2000 },
    );
    for (const n of [
      0n,
      -1n,
      127n,
      -128n,
      128n,
      -129n,
      (1n << 47n) - 1n,
      -(1n << 47n),
      1n << 47n,
    ]) {
      const d = new Decimal(n, 3);
      const bytes = type.toBuffer(write([], { fields: { b: d, f: d }, eventTime: 0 }));
      expect(read(type.fromBuffer(bytes))).toEqual({ b: d, f: d });
    }
  });
});
