/**
 * Avro through the real broker: schema from a file (plain Avro binary) and from a
 * Confluent-compatible schema registry (wire format: magic byte, schema id, Avro binary).
 *
 * The registry here is a stand-in HTTP server speaking the four Confluent endpoints the client
 * uses: no registry can run on these machines (Apicurio Registry 3.3.3's app depends on
 * apicurio-registry-schema-util-provider 3.3.3, which Maven Central does not serve; Confluent's
 * registry is published only in Confluent's own Maven repository, not reachable here).
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, type EngineRecord, Timestamp } from '@velo/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';
import {
  BROKERS,
  consumeAll,
  createTopic,
  deleteTopic,
  produce,
  readUntil,
  uniqueName,
} from './test-support.ts';

const SCHEMA = {
  type: 'record',
  name: 'Trade',
  namespace: 'velo.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'symbol', type: 'string' },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 } },
    { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

const records: EngineRecord[] = [
  {
    fields: {
      id: 9007199254740993n,
      symbol: 'ACME',
      price: Decimal.parse('123456.7890'),
      ts: new Timestamp(1700000000000),
      note: null,
    },
    eventTime: 0,
    key: 'ACME',
    headers: { origin: 'avro-test' },
  },
  {
    fields: {
      id: 2n,
      symbol: 'VELO',
      price: Decimal.parse('0.5'),
      ts: new Timestamp(1700000000001),
      note: 'half',
    },
    eventTime: 0,
  },
];
const columns = ['id', 'symbol', 'price', 'ts', 'note'];
const expected = [{ ...records[0].fields }, { ...records[1].fields, price: new Decimal(5000n, 4) }];

const topics: string[] = [];
async function topic(prefix: string) {
  const t = await createTopic(prefix);
  topics.push(t);
  return t;
}

let schemaFile: string;
let registry: Server;
let registryUrl: string;
const subjects = new Map<string, number[]>();
const schemas: string[] = [];

beforeAll(async () => {
  schemaFile = join(tmpdir(), `${uniqueName('velo-trade')}.avsc`);
  await writeFile(schemaFile, JSON.stringify(SCHEMA));
  registry = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(JSON.stringify(value));
      };
      const url = req.url ?? '';
      let m = /^\/subjects\/([^/]+)\/versions$/.exec(url);
      if (m && req.method === 'POST') {
        const text = JSON.parse(body).schema as string;
        let id = schemas.indexOf(text) + 1;
        if (id === 0) id = schemas.push(text);
        const versions = subjects.get(m[1]) ?? [];
        if (!versions.includes(id)) versions.push(id);
        subjects.set(m[1], versions);
        return reply(200, { id });
      }
      m = /^\/subjects\/([^/]+)\/versions\/latest$/.exec(url);
      if (m) {
        const versions = subjects.get(m[1]);
        if (!versions) return reply(404, { error_code: 40401, message: 'Subject not found' });
        const id = versions[versions.length - 1];
        return reply(200, { subject: m[1], version: versions.length, id, schema: schemas[id - 1] });
      }
      m = /^\/schemas\/ids\/(\d+)$/.exec(url);
      if (m) {
        const schema = schemas[Number(m[1]) - 1];
        return schema
          ? reply(200, { schema })
          : reply(404, { error_code: 40403, message: 'Schema not found' });
      }
      if (/^\/config\//.test(url)) {
        return req.method === 'PUT'
          ? reply(200, JSON.parse(body))
          : reply(404, { error_code: 40401, message: 'Subject not found' });
      }
      reply(404, { error_code: 404, message: `no route ${req.method} ${url}` });
    });
  });
  await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
  const address = registry.address();
  registryUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  registry?.close();
  for (const t of topics) await deleteTopic(t);
});

describe('kafka Avro', () => {
  it('round-trips with the schema from a file, decimals and longs exact', async () => {
    const t = await topic('velo-avro-file');
    const uri = `kafka://${BROKERS}/${t}?format=avro&avro.schema.file=${encodeURIComponent(schemaFile)}`;
    const sink = await createSink(uri);
    await sink.writeBatch(columns, records);
    await sink.close();
    await produce(t, [{ value: Buffer.from([1, 2, 3]) }]);
    const source = await createSource(`${uri}&group_id=${uniqueName('g')}`);
    const read = await readUntil(source, 3);
    await source.close();
    expect(read.records.map((r) => r.fields)).toEqual(expected);
    expect(read.records.map((r) => [r.key, r.headers])).toEqual([
      ['ACME', { origin: 'avro-test' }],
      [null, undefined],
    ]);
    expect(read.deadLetters.map((d) => [d.location, d.raw, d.reason.slice(0, 13)])).toEqual([
      [`${t}/0@2`, 'AQID', 'invalid Avro:'],
    ]);
  });

  it('round-trips through a schema registry in the Confluent wire format', async () => {
    const t = await topic('velo-avro-registry');
    const base = `kafka://${BROKERS}/${t}?format=avro&schema.registry.url=${encodeURIComponent(registryUrl)}`;
    const sink = await createSink(`${base}&avro.schema.file=${encodeURIComponent(schemaFile)}`);
    await sink.writeBatch(columns, records);
    await sink.close();
    expect(subjects.get(`${t}-value`)).toEqual([1]);
    const raw = await consumeAll(t, 2);
    expect([...(raw[0].value ?? Buffer.alloc(0)).subarray(0, 5)]).toEqual([0, 0, 0, 0, 1]);
    // a sink without a schema file writes with the subject's latest schema
    const latest = await createSink(base);
    await latest.writeBatch(columns, records.slice(1));
    await latest.close();
    await produce(t, [{ value: Buffer.from('{"not":"avro"}') }]);
    const source = await createSource(`${base}&group_id=${uniqueName('g')}`);
    const read = await readUntil(source, 4);
    await source.close();
    expect(read.records.map((r) => r.fields)).toEqual([...expected, expected[1]]);
    expect(read.deadLetters.map((d) => [d.location, d.reason])).toEqual([
      [`${t}/0@3`, 'not in the schema-registry wire format (magic byte 0 + schema id)'],
    ]);
  });

  it('fails the write, naming the field, for a decimal that does not fit the schema', async () => {
    const t = await topic('velo-avro-bad');
    const sink = await createSink(
      `kafka://${BROKERS}/${t}?format=avro&avro.schema.file=${encodeURIComponent(schemaFile)}`,
    );
    await expect(
      sink.writeBatch(columns, [
        { fields: { ...records[1].fields, price: Decimal.parse('1.00001') }, eventTime: 0 },
      ]),
    ).rejects.toThrow('Trade.price: 1.00001 has more than 4 decimal places');
    await sink.close();
  });
});
