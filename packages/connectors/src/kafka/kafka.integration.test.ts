/**
 * Kafka source and sink against the real broker (KAFKA_BROKERS, default 127.0.0.1:9092):
 * exact decimals, keys and headers, dead letters, table reads, and a clear error for an
 * unreachable broker.
 */
import { Decimal, type EngineRecord, readJsonLines, Timestamp } from '@velo/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';
import {
  BROKERS,
  consumeAll,
  createTopic,
  deleteTopic,
  kafka,
  produce,
  readUntil,
  uniqueName,
} from './test-support.ts';

const topics: string[] = [];
async function topic(prefix: string, partitions = 1): Promise<string> {
  const t = await createTopic(prefix, partitions);
  topics.push(t);
  return t;
}
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
});

function rows(records: EngineRecord[]) {
  return records.map((r) => r.fields);
}

describe('kafka JSON', () => {
  it('round-trips records with exact decimals, keys and headers', async () => {
    const input = await topic('velo-json-in');
    const output = await topic('velo-json-out');
    await produce(input, [
      {
        key: 'c-1',
        value: '{"id":1,"amount":123456789012345.67,"price":120.50,"name":"a"}',
        headers: { source: 'test', trace: 't-1' },
        timestamp: '1700000000000',
      },
      {
        key: null,
        value: '{"id":2,"amount":0.10,"price":-5.000,"name":"b\\"q"}',
        timestamp: '1700000001000',
      },
    ]);
    const source = await createSource(`kafka://${BROKERS}/${input}?group_id=${uniqueName('g')}`);
    const read = await readUntil(source, 2);
    await source.close();
    expect(read.deadLetters).toEqual([]);
    const [a, b] = read.records;
    expect(a.fields.amount).toEqual(new Decimal(12345678901234567n, 2));
    expect((a.fields.price as Decimal).toString()).toBe('120.50');
    expect(a.fields.id).toBe(1n);
    expect(a.key).toBe('c-1');
    expect(a.partition).toBe(0);
    expect(a.offset).toBe(0n);
    expect(a.timestamp).toBe(1700000000000);
    expect(a.headers).toEqual({ source: 'test', trace: 't-1' });
    expect(b.key).toBeNull();
    expect(b.headers).toBeUndefined();
    expect(b.offset).toBe(1n);
    expect(read.position).toEqual({ topic: input, offsets: { '0': '2' } });

    const sink = await createSink(`kafka://${BROKERS}/${output}`);
    await sink.writeBatch(['id', 'amount', 'price', 'name'], read.records);
    await sink.close();
    const out = await consumeAll(output, 2);
    expect(out.map((m) => m.value?.toString())).toEqual([
      '{"id":1,"amount":"123456789012345.67","price":"120.50","name":"a"}',
      '{"id":2,"amount":"0.10","price":"-5.000","name":"b\\"q"}',
    ]);
    expect(out.map((m) => m.key)).toEqual(['c-1', null]);
    expect(out.map((m) => m.headers)).toEqual([{ source: 'test', trace: 't-1' }, {}]);
  });

  it('takes the message key from _key or key.column', async () => {
    const output = await topic('velo-keys');
    const records = readJsonLines('{"_key":"k1","v":1}\n{"_key":null,"v":2}').records.map(
      (fields) => ({ fields: fields as EngineRecord['fields'], eventTime: 0, key: 'ignored' }),
    );
    const sink = await createSink(`kafka://${BROKERS}/${output}`);
    await sink.writeBatch(['_key', 'v'], records);
    await sink.flush();
    const byColumn = await createSink(`kafka://${BROKERS}/${output}?key.column=v`);
    await byColumn.writeBatch(['v'], records);
    await byColumn.close();
    await sink.close();
    const out = await consumeAll(output, 4);
    expect(out.map((m) => [m.key, m.value?.toString()])).toEqual([
      ['k1', '{"v":1}'],
      [null, '{"v":2}'],
      ['1', '{"v":1}'],
      ['2', '{"v":2}'],
    ]);
  });

  it('splits large writes into sends under the broker message size limit', async () => {
    const output = await topic('velo-bulk');
    const pad = 'p'.repeat(180);
    const records = Array.from({ length: 12_000 }, (_, i) => ({
      fields: { i: BigInt(i), pad },
      eventTime: 0,
    }));
    const sink = await createSink(`kafka://${BROKERS}/${output}`);
    await sink.writeBatch(['i', 'pad'], records);
    await sink.close();
    const out = await consumeAll(output, 12_000, 60_000);
    expect(out.map((m) => JSON.parse(String(m.value)).i)).toEqual(records.map((_, i) => i));
  });

  it('writes through a producer thread (producer.thread=true): values, keys, headers, order', async () => {
    const output = await topic('velo-thread');
    const records = Array.from({ length: 5000 }, (_, i) => ({
      fields: { i: BigInt(i), d: new Decimal(BigInt(i), 2) },
      eventTime: 0,
      key: i % 2 === 0 ? `k${i}` : null,
      headers: i % 3 === 0 ? { h: `v${i}` } : undefined,
    }));
    const sink = await createSink(`kafka://${BROKERS}/${output}?producer.thread=true`);
    await sink.writeBatch(['i', 'd'], records.slice(0, 2500));
    await sink.flush();
    await sink.writeBatch(['i', 'd'], records.slice(2500));
    await sink.close();
    const out = await consumeAll(output, 5000, 60_000);
    expect(out.map((m) => [m.key, m.value?.toString(), m.headers])).toEqual(
      records.map((r, i) => [
        r.key,
        `{"i":${i},"d":"${(r.fields.d as Decimal).toString()}"}`,
        r.headers ?? {},
      ]),
    );
  });

  it('sends malformed and oversized messages to dead letters and reads on', async () => {
    const input = await topic('velo-dlq');
    const big = `{"pad":"${'x'.repeat(2000)}"}`;
    await produce(input, [
      { value: '{"id":1}' },
      { value: '{"id":' },
      { value: '[1,2]' },
      { value: big },
      { value: null },
      { value: '{"error":"a field called error is data"}' },
      { value: Buffer.from([0xff, 0xfe, 0x7b]) },
      { value: '{"id":2}' },
    ]);
    const source = await createSource(
      `kafka://${BROKERS}/${input}?group_id=${uniqueName('g')}&max.record.bytes=1000`,
    );
    const read = await readUntil(source, 8);
    await source.close();
    expect(rows(read.records)).toEqual([
      { id: 1n },
      { error: 'a field called error is data' },
      { id: 2n },
    ]);
    expect(read.deadLetters).toEqual([
      {
        location: `${input}/0@1`,
        raw: Buffer.from('{"id":').toString('base64'),
        encoding: 'base64',
        reason: 'invalid JSON: unexpected end of JSON input at column 7',
      },
      {
        location: `${input}/0@2`,
        raw: Buffer.from('[1,2]').toString('base64'),
        encoding: 'base64',
        reason: 'the message value is not a JSON object',
      },
      {
        location: `${input}/0@3`,
        raw: Buffer.from(big).toString('base64'),
        encoding: 'base64',
        reason: `the message value has ${big.length} bytes, more than max.record.bytes=1000`,
      },
      {
        location: `${input}/0@4`,
        raw: '',
        encoding: 'base64',
        reason: 'tombstone (the message value is null)',
      },
      {
        location: `${input}/0@6`,
        raw: Buffer.from([0xff, 0xfe, 0x7b]).toString('base64'),
        encoding: 'base64',
        reason: "invalid JSON: unexpected character '\uFFFD' at column 1",
      },
    ]);
    expect(read.position).toEqual({ topic: input, offsets: { '0': '8' } });
  });

  it('reads CSV and raw values', async () => {
    const input = await topic('velo-csv');
    await produce(input, [
      { value: '1,"a, b",12.50' },
      { value: '2,"multi\nline",-0.5' },
      { value: '3,x' },
    ]);
    const csv = await createSource(
      `kafka://${BROKERS}/${input}?format=csv&csv.columns=id,name,amount&csv.types=INTEGER,STRING,DECIMAL&group_id=${uniqueName('g')}`,
    );
    const read = await readUntil(csv, 3);
    await csv.close();
    expect(rows(read.records)).toEqual([
      { id: 1n, name: 'a, b', amount: new Decimal(1250n, 2) },
      { id: 2n, name: 'multi\nline', amount: new Decimal(-5n, 1) },
    ]);
    expect(read.deadLetters.map((d) => [d.location, d.reason])).toEqual([
      [`${input}/0@2`, 'invalid CSV: expected 3 fields, got 2 at line 1'],
    ]);
    const raw = await createSource(
      `kafka://${BROKERS}/${input}?format=raw&group_id=${uniqueName('g')}`,
    );
    const text = await readUntil(raw, 3);
    await raw.close();
    expect(rows(text.records)).toEqual([
      { value: '1,"a, b",12.50' },
      { value: '2,"multi\nline",-0.5' },
      { value: '3,x' },
    ]);
  });

  it('reads a topic as a table: tableLoaded once the high watermarks are reached', async () => {
    const input = await topic('velo-table', 3);
    await produce(
      input,
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `{"i":${i}}` })),
    );
    const source = await createSource(`kafka://${BROKERS}/${input}`, { asTable: true });
    const batches = [];
    let records = 0;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const batch = await source.readBatch(7);
      batches.push(batch);
      records += batch.records.length;
      if (batch.tableLoaded) break;
    }
    expect(records).toBe(30);
    expect(batches.filter((b) => b.tableLoaded)).toHaveLength(1);
    // kept current: a later message still arrives, in a batch that still says loaded
    await produce(input, [{ key: 'k99', value: '{"i":99}' }]);
    const later = await readUntil(source, 1);
    await source.close();
    expect(rows(later.records)).toEqual([{ i: 99n }]);
    expect(later.tableLoaded).toBe(true);
  });

  it('reports tableLoaded for a transactional topic (its last offset is a commit marker)', async () => {
    const input = await topic('velo-table-tx');
    const producer = kafka.producer({
      transactionalId: uniqueName('tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic: input, messages: [{ value: '{"i":1}' }, { value: '{"i":2}' }] });
    await tx.commit();
    await producer.disconnect();
    const source = await createSource(`kafka://${BROKERS}/${input}`, { asTable: true });
    const read = await readUntil(source, 2);
    let loaded = read.tableLoaded;
    for (let i = 0; i < 50 && !loaded; i++)
      loaded = (await source.readBatch(10)).tableLoaded === true;
    await source.close();
    expect(rows(read.records)).toEqual([{ i: 1n }, { i: 2n }]);
    expect(loaded).toBe(true);
  });

  it('reports tableLoaded at once for an empty topic', async () => {
    const input = await topic('velo-table-empty');
    const source = await createSource(`kafka://${BROKERS}/${input}`, { asTable: true });
    const batch = await source.readBatch(100);
    await source.close();
    expect(batch.tableLoaded).toBe(true);
    expect(batch.records).toEqual([]);
  });

  it('fails with the redacted URI when the broker cannot be reached', async () => {
    const uri =
      'kafka://127.0.0.1:1/t?sasl.mechanism=scram-sha-256&sasl.username=u&sasl.password=hunter2&connect.retries=2&connect.backoff.ms=20';
    const started = Date.now();
    const error = await createSource(uri).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /^kafka: cannot connect to 'kafka:\/\/127\.0\.0\.1:1\/t\?sasl\.mechanism=scram-sha-256&sasl\.username=u&sasl\.password=\*\*\*&connect\.retries=2&connect\.backoff\.ms=20': .*ECONNREFUSED/,
    );
    expect(error?.message).not.toContain('hunter2');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses to write to a missing topic unless create=true', async () => {
    const name = uniqueName('velo-missing');
    await expect(createSink(`kafka://${BROKERS}/${name}`)).rejects.toThrow(
      `kafka: topic '${name}' does not exist ('kafka://${BROKERS}/${name}'); add create=true to create it`,
    );
    const sink = await createSink(`kafka://${BROKERS}/${name}?create=true&partitions=2`);
    topics.push(name);
    await sink.writeBatch(['t'], [{ fields: { t: new Timestamp(0) }, eventTime: 0 }]);
    await sink.close();
    const out = await consumeAll(name, 1);
    expect(out[0].value?.toString()).toBe('{"t":"1970-01-01T00:00:00.000Z"}');
  });
});
