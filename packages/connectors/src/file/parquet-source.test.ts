/**
 * The Parquet file source on real files written by pyarrow (fixtures/parquet/make-fixtures.py):
 * typed fields, row groups streamed, positions that resume exactly, globs over files with
 * different codecs, and clear errors.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Decimal, type EngineRecord, Timestamp, type Value } from '@velo/engine';
import type { Source } from '@velo/runtime';
import { describe, expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';
import type { ParquetPosition } from './parquet-source.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'parquet');
const orders = pathToFileURL(join(fixtures, 'orders.parquet')).href;
const parts = `${pathToFileURL(join(fixtures, 'parts')).href}/*.parquet`;
const ts = (iso: string) => new Timestamp(Date.parse(iso));
const dec = (text: string) => Decimal.parse(text);

async function readAll(
  source: Source,
  max = 1000,
): Promise<{ rows: Record<string, Value>[]; positions: unknown[]; bytes: number[] }> {
  const rows: Record<string, Value>[] = [];
  const positions: unknown[] = [];
  const bytes: number[] = [];
  for (;;) {
    const batch = await source.readBatch(max);
    expect(batch.deadLetters).toEqual([]);
    rows.push(...batch.records.map((r: EngineRecord) => r.fields));
    positions.push(batch.position);
    bytes.push(batch.bytes ?? 0);
    if (batch.done) break;
  }
  await source.close();
  return { rows, positions, bytes };
}

const ORDERS: Record<string, Value>[] = [
  {
    id: 1n,
    qty: 3n,
    amount: dec('12.30'),
    fee: dec('123456789012.3456'),
    big: dec('1234567890123456789012345678.0123456789'),
    price: 1.5,
    name: 'alpha',
    active: true,
    ts: ts('2024-01-01T00:00:00.123Z'),
    ts_us: ts('2024-01-01T00:00:00.123Z'),
    ts_ns: ts('2024-01-01T00:00:00.123Z'),
    day: ts('2024-02-29T00:00:00Z'),
    tags: ['a', 'b'],
    attrs: { n: 1n, d: dec('1.50'), s: 'x' },
    scores: [1n, 2n],
  },
  {
    id: 2n,
    qty: null,
    amount: dec('-0.05'),
    fee: dec('-0.0001'),
    big: dec('-0.0000000001'),
    price: 0.1,
    name: 'ünïcödé ✓',
    active: false,
    // before 1970: sub-millisecond times floor (999999 µs → 999 ms, -1 ns → -1 ms)
    ts: ts('1969-12-31T23:59:59.999Z'),
    ts_us: ts('1969-12-31T23:59:59.999Z'),
    ts_ns: ts('1969-12-31T23:59:59.999Z'),
    day: ts('1969-12-31T00:00:00Z'),
    tags: [],
    attrs: { n: null, d: null, s: null },
    scores: null,
  },
  {
    id: 9007199254740993n,
    qty: 0n,
    amount: null,
    fee: dec('0.0000'),
    big: null,
    price: null,
    name: null,
    active: null,
    ts: null,
    ts_us: ts('2024-06-30T23:59:59.999Z'),
    ts_ns: null,
    day: null,
    tags: null,
    attrs: null,
    scores: [],
  },
  {
    id: -9007199254740993n,
    qty: -2147483648n,
    amount: dec('9999999.99'),
    fee: null,
    big: dec('0.0000000000'),
    price: -2.25,
    name: '',
    active: true,
    ts: ts('2024-02-29T12:34:56Z'),
    ts_us: null,
    ts_ns: ts('1970-01-01T00:00:00Z'),
    day: ts('1970-01-01T00:00:00Z'),
    tags: ['x', null],
    attrs: { n: -7n, d: dec('-0.01'), s: 'y' },
    scores: [9223372036854775807n],
  },
  {
    id: 5n,
    qty: 2147483647n,
    amount: dec('0.00'),
    fee: dec('1.5000'),
    big: dec('-9999999999999999999999999999.9999999999'),
    price: 1e300,
    name: 'quote "x", comma',
    active: false,
    ts: ts('1970-01-01T00:00:00Z'),
    ts_us: ts('2000-01-01T00:00:00Z'),
    ts_ns: ts('2000-02-29T00:00:00Z'),
    day: ts('2038-01-19T00:00:00Z'),
    tags: ['z'],
    attrs: { n: 2147483647n, d: dec('999.99'), s: '' },
    scores: [-1n],
  },
];

const PARTS = [1, 2, 3].flatMap((i) => [
  {
    part: BigInt(i),
    seq: BigInt(i * 10 + 1),
    total: dec(`${i}.10`),
    at: ts(`2024-03-0${i}T10:00:00Z`),
  },
  {
    part: BigInt(i),
    seq: BigInt(i * 10 + 2),
    total: dec(`-${i}.25`),
    at: ts(`2024-03-0${i}T10:00:01.5Z`),
  },
]);

describe('parquet file source', () => {
  it('hands every type over typed: exact decimals with their scale, bigints, UTC ms, JSON', async () => {
    const { rows } = await readAll(await createSource(orders));
    expect(rows).toEqual(ORDERS);
    // decimals keep the declared scale (toEqual on Decimal compares unscaled and scale)
    expect(rows.map((r) => String(r.fee))).toEqual([
      '123456789012.3456',
      '-0.0001',
      '0.0000',
      'null',
      '1.5000',
    ]);
    expect(Object.keys(rows[0])).toEqual(Object.keys(ORDERS[0]));
  });

  it('maps, the JSON type (read exactly by the engine), uint64, float32, binary, nested lists, TIME', async () => {
    const nested = pathToFileURL(join(fixtures, 'nested.parquet')).href;
    const { rows } = await readAll(await createSource(nested));
    expect(rows).toEqual([
      {
        m: { a: 1n, b: 2n },
        j: { x: dec('1.50'), y: [12345678901234567890n] },
        u: 18446744073709551615n,
        f: 1.25,
        b: 'hi',
        nested: [{ k: [1n, 2n] }, { k: null }],
        t_ms: '23:59:59.999',
        t_us: '00:00:00.001',
      },
      // bytes that are not UTF-8 are given as base64
      { m: null, j: null, u: 0n, f: null, b: '/wA=', nested: [], t_ms: null, t_us: '12:30:00.000' },
    ]);
  });

  it('reads LZ4_RAW pages (pyarrow and DuckDB lz4) with long and overlapping matches', async () => {
    const lz4 = pathToFileURL(join(fixtures, 'lz4.parquet')).href;
    const { rows } = await readAll(await createSource(lz4));
    expect(rows).toEqual(
      Array.from({ length: 5000 }, (_, i) => ({
        i: BigInt(i),
        label: `label-${i % 7}-${'x'.repeat(i % 50)}`,
        cents: new Decimal(BigInt(i % 1000), 2),
      })),
    );
  });

  it('is chosen by the .parquet extension or format=parquet', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'velo-parquet-')), 'orders.data');
    copyFileSync(join(fixtures, 'orders.parquet'), copy);
    const { rows } = await readAll(
      await createSource(`${pathToFileURL(copy).href}?format=parquet`),
    );
    expect(rows).toEqual(ORDERS);
  });

  it('reads one row group at a time and resumes from every position exactly', async () => {
    const { rows, positions, bytes } = await readAll(await createSource(orders), 1);
    expect(rows).toEqual(ORDERS);
    // a row group (2, 2 and 1 rows) is read when its first row is: bytes only on those batches
    expect(bytes.map((b) => b > 0)).toEqual([true, false, true, false, true, false]);
    expect(positions.slice(0, 5)).toEqual([0, 1, 2, 3, 4].map((i) => ({ file: 0, row: i + 1 })));
    for (let i = 0; i < 5; i++) {
      const resumed = await readAll(
        await createSource(orders, { resumeFrom: positions[i] as ParquetPosition }),
        2,
      );
      expect(resumed.rows).toEqual(ORDERS.slice(i + 1));
    }
  });

  it('reads a glob in name order across snappy, zstd and gzip files (INT96 timestamps too)', async () => {
    const { rows, positions } = await readAll(await createSource(parts), 3);
    expect(rows).toEqual(PARTS);
    expect(positions).toEqual([
      { file: 1, row: 1 },
      { file: 2, row: 2 },
      { file: 3, row: 0 },
    ]);
    const resumed = await readAll(await createSource(parts, { resumeFrom: { file: 1, row: 1 } }));
    expect(resumed.rows).toEqual(PARTS.slice(3));
  });

  it('reads only the columns named by columns=, in that order', async () => {
    const { rows } = await readAll(await createSource(`${orders}?columns=name,big`));
    expect(rows).toEqual(ORDERS.map((r) => ({ name: r.name, big: r.big })));
  });

  it('names what is wrong: unknown column, types=, a file that is not Parquet, a Parquet sink', async () => {
    await expect(createSource(`${orders}?columns=id,nope`)).rejects.toThrow(
      `cannot read Parquet file '${join(fixtures, 'orders.parquet')}': no column 'nope' (it has id, qty, amount, fee, big, price, name, active, ts, ts_us, ts_ns, day, tags, attrs, scores)`,
    );
    await expect(createSource(`${orders}?types=INTEGER`)).rejects.toThrow(
      `'types' does not apply to format=parquet in '${orders}?types=INTEGER': a Parquet file declares its column types`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'velo-parquet-'));
    const bogus = join(dir, 'bogus.parquet');
    writeFileSync(bogus, '{"id":1}\n');
    await expect(createSource(pathToFileURL(bogus).href)).rejects.toThrow(
      `cannot read Parquet file '${bogus}': parquet file invalid (footer != PAR1)`,
    );
    const out = pathToFileURL(join(dir, 'out.parquet')).href;
    await expect(createSink(out)).rejects.toThrow(
      `writing Parquet is not supported (planned); write format=jsonl or csv: '${out}'`,
    );
  });
});
