/**
 * catalog.objects and catalog.columns against the real Kafka broker and PostgreSQL, through saved
 * connections: exact topic and table lists, file connections confined to VELO_FILE_ROOT, sampled
 * column types, read-only reads (no consumer-group offsets), plain errors, and the audit entries.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  prisma,
  TEST_DATABASE_URL,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';
import { getEgressPolicy } from '../../env.ts';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'velo-catalog-test', brokers, logLevel: 0 });
const suffix = `${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
const topics = [`catalog_a_${suffix}`, `catalog_b_${suffix}`];
const schema = `catalog_${suffix}`;
const folder = path.join(getEgressPolicy().fileRoot, `catalog-${suffix}`);

let team: TeamFixture;
let owner: Caller;
let viewer: Caller;
const names = { kafka: '', pg: '', file: '', gen: '', down: '' };
const ids = { kafka: '', pg: '', file: '', gen: '', down: '' };

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: topics[0]!, numPartitions: 1 },
      { topic: topics[1]!, numPartitions: 3 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topics[0]!,
    messages: [
      { value: '{"id":1,"price":"ignored","amount":12.50,"sym":"A","at":"2024-01-01T00:00:00Z"}' },
      { value: '{"id":2,"price":"x","amount":0.10,"sym":"B","at":"2024-01-01T00:00:01Z"}' },
    ],
  });
  await producer.disconnect();

  const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${schema}.orders (id bigint PRIMARY KEY, amount numeric(10,2))`);
  await db.query(`INSERT INTO ${schema}.orders VALUES (1, 12.50), (2, 0.10)`);
  await db.query(`CREATE VIEW ${schema}.big_orders AS SELECT * FROM ${schema}.orders`);
  await db.end();

  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'part-1.jsonl'), '{"n":1}\n');
  writeFileSync(path.join(folder, 'part-2.jsonl'), '{"n":2}\n{"n":3}\n');
  writeFileSync(path.join(folder, 'other.csv'), 'n\n1\n');
  // A match that leads outside the file root is never offered.
  symlinkSync('/etc/hostname', path.join(folder, 'part-3.jsonl'));

  team = await createTeamWithRoles('catalog');
  owner = await callerFor(team.owner);
  viewer = await callerFor(team.viewer);
  const url = new URL(TEST_DATABASE_URL);
  const create = async (key: keyof typeof names, settings: Record<string, unknown>) => {
    names[key] = uniqueLabel(`cat-${key}`);
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: names[key],
      ...settings,
    } as never);
    ids[key] = created.id;
  };
  await create('kafka', { type: 'kafka', config: { brokers } });
  await create('pg', {
    type: 'postgresql',
    config: {
      host: url.hostname,
      port: Number(url.port),
      database: decodeURIComponent(url.pathname.slice(1)),
      user: decodeURIComponent(url.username),
    },
    secret: { password: decodeURIComponent(url.password) },
  });
  await create('file', {
    type: 'file',
    config: { path: path.join(folder, 'part-*.jsonl'), format: 'jsonl' },
  });
  await create('gen', { type: 'datagen', config: { generator: 'orders', seed: 7 } });
  await create('down', { type: 'kafka', config: { brokers: ['127.0.0.1:1'] } });
}, 60_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.end();
  rmSync(folder, { recursive: true, force: true });
});

describe('catalog.objects', () => {
  it("lists a Kafka connection's topics with their partitions (a viewer may read it)", async () => {
    const listed = await viewer.catalog.objects({ teamId: team.teamId, connectionId: ids.kafka });
    expect([listed.connection, listed.type, listed.truncated]).toEqual([
      names.kafka,
      'kafka',
      false,
    ]);
    expect(listed.objects.filter((o) => o.name.endsWith(suffix))).toEqual([
      {
        kind: 'topic',
        name: topics[0],
        uri: `kafka://@${names.kafka}/${topics[0]}`,
        detail: '1 partition',
      },
      {
        kind: 'topic',
        name: topics[1],
        uri: `kafka://@${names.kafka}/${topics[1]}`,
        detail: '3 partitions',
      },
    ]);
    expect(listed.objects.some((o) => o.name.startsWith('__'))).toBe(false);
    const audit = await prisma.auditLog.findFirst({
      where: { teamId: team.teamId, action: 'catalog.objects', objectId: ids.kafka },
      orderBy: { id: 'desc' },
    });
    expect(audit?.actorId).toBe(team.viewer.id);
    expect(audit?.details).toMatchObject({ name: names.kafka });
  }, 30_000);

  it("lists a PostgreSQL connection's tables and views in its database", async () => {
    const listed = await owner.catalog.objects({ teamId: team.teamId, connectionId: ids.pg });
    expect(listed.objects.filter((o) => o.name.startsWith(`${schema}.`))).toEqual([
      {
        kind: 'view',
        name: `${schema}.big_orders`,
        uri: `postgresql://@${names.pg}/?table=${schema}.big_orders`,
      },
      {
        kind: 'table',
        name: `${schema}.orders`,
        uri: `postgresql://@${names.pg}/?table=${schema}.orders`,
      },
    ]);
    expect(listed.objects.some((o) => o.name.startsWith('pg_catalog.'))).toBe(false);
  }, 30_000);

  it("lists a file connection's files inside the file root only", async () => {
    const listed = await owner.catalog.objects({ teamId: team.teamId, connectionId: ids.file });
    expect(listed.objects).toEqual([
      {
        kind: 'file',
        name: path.join(folder, 'part-1.jsonl'),
        uri: `file://@${names.file}`,
        detail: '8 B',
      },
      {
        kind: 'file',
        name: path.join(folder, 'part-2.jsonl'),
        uri: `file://@${names.file}`,
        detail: '16 B',
      },
    ]);
  });

  it('lists the generator of a datagen connection', async () => {
    const listed = await owner.catalog.objects({ teamId: team.teamId, connectionId: ids.gen });
    expect(listed.objects).toEqual([
      {
        kind: 'generator',
        name: 'orders',
        uri: 'datagen://orders?seed=7',
        detail: 'generated in the browser',
      },
    ]);
  });

  it('says in plain words why a cluster cannot be listed, and audits the attempt', async () => {
    const error = await errorOf(() =>
      owner.catalog.objects({ teamId: team.teamId, connectionId: ids.down }),
    );
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe(
      `Could not list connection "${names.down}": Connection refused at 127.0.0.1:1; check the host and port, and that the server is running. Test the connection under Connections, fix its settings, then open the catalog again`,
    );
    const audit = await prisma.auditLog.findFirst({
      where: { teamId: team.teamId, action: 'catalog.objects', objectId: ids.down },
    });
    expect(audit?.details).toMatchObject({
      error:
        'Connection refused at 127.0.0.1:1; check the host and port, and that the server is running',
    });
  }, 30_000);

  it("does not find another team's connection", async () => {
    const other = await createTeamWithRoles('catalog-other');
    const error = await errorOf(async () =>
      (await callerFor(other.owner)).catalog.objects({
        teamId: other.teamId,
        connectionId: ids.kafka,
      }),
    );
    expect([error.code, error.message]).toEqual([
      'NOT_FOUND',
      'Connection not found; reload the page, it may have been deleted',
    ]);
  });
});

describe('catalog.columns', () => {
  it('samples the types of a Kafka topic without committing offsets or returning records', async () => {
    const uri = `kafka://@${names.kafka}/${topics[0]}`;
    const result = await viewer.catalog.columns({ teamId: team.teamId, uri });
    expect(result).toEqual({
      uri,
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'price', type: 'STRING' },
        // 12.50 and 0.10: two integer digits at most, scale 2 → DECIMAL(4,2)
        { name: 'amount', type: 'DECIMAL', scale: 2, precision: 4 },
        { name: 'sym', type: 'STRING' },
        { name: 'at', type: 'STRING' },
      ],
      sampled: 2,
      timedOut: false,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      for (const { groupId } of groups) {
        const offsets = await admin.fetchOffsets({ groupId, topics: [topics[0]!] });
        for (const { partitions } of offsets) {
          for (const p of partitions) expect(p.offset, `group ${groupId}`).toBe('-1');
        }
      }
    } finally {
      await admin.disconnect();
    }
    const audit = await prisma.auditLog.findFirst({
      where: { teamId: team.teamId, action: 'catalog.columns' },
      orderBy: { id: 'desc' },
    });
    expect(audit?.details).toMatchObject({ uri, records: 2 });
  }, 30_000);

  it('samples the types of a PostgreSQL table', async () => {
    const uri = `postgresql://@${names.pg}/?table=${schema}.orders`;
    const result = await owner.catalog.columns({ teamId: team.teamId, uri });
    expect(result.columns).toEqual([
      { name: 'id', type: 'INTEGER' },
      // sampled values 12.50 and 0.10 (the column's declared numeric(10,2) is not read)
      { name: 'amount', type: 'DECIMAL', scale: 2, precision: 4 },
    ]);
    expect(result.sampled).toBe(2);
  }, 30_000);

  it('refuses a URI that names its own host', async () => {
    const error = await errorOf(() =>
      viewer.catalog.columns({ teamId: team.teamId, uri: `kafka://${brokers[0]}/${topics[0]}` }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'Previews read sources through saved connections; write the URI as scheme://@connection/… (e.g. kafka://@local/orders)',
    );
  });
});
