/**
 * preview.sample against the real Kafka broker through a saved connection: exact records,
 * limits, `fromEnd`, no committed offsets, refusal of inline hosts, and the audit entry.
 */
import { decodeRecord, formatJsonRow } from '@velo/engine';
import { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  prisma,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafka = new Kafka({ clientId: 'velo-preview-test', brokers, logLevel: 0 });
const topic = `preview_sample_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
const VALUES = [
  '{"id":1,"amount":123450.00,"note":"a"}',
  '{"id":2,"amount":0.10,"note":"b"}',
  '{"id":3,"amount":99999999999999.99,"note":"c"}',
  '{"id":4,"amount":7.5,"note":"d"}',
  '{"id":5,"amount":-1.000,"note":"e"}',
];

let team: TeamFixture;
let owner: Caller;
let viewer: Caller;
let connectionName: string;

beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: VALUES.map((value) => ({ value })) });
  await producer.disconnect();

  team = await createTeamWithRoles('preview');
  owner = await callerFor(team.owner);
  viewer = await callerFor(team.viewer);
  connectionName = uniqueLabel('events');
  await owner.connection.create({
    teamId: team.teamId,
    name: connectionName,
    type: 'kafka',
    config: { brokers },
  });
}, 60_000);

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

const rowsOf = (records: unknown[]) => records.map((r) => formatJsonRow(decodeRecord(r).fields));

describe('preview.sample', () => {
  it('reads exact records through a saved Kafka connection, up to the limit', async () => {
    const result = await owner.preview.sample({
      teamId: team.teamId,
      uri: `kafka://@${connectionName}/${topic}`,
      limit: 3,
    });
    expect(rowsOf(result.records)).toEqual([
      '{"id":1,"amount":"123450.00","note":"a"}',
      '{"id":2,"amount":"0.10","note":"b"}',
      '{"id":3,"amount":"99999999999999.99","note":"c"}',
    ]);
    expect(result.truncated).toBe(true);
    expect(result.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'INTEGER'],
      ['amount', 'DECIMAL'],
      ['note', 'STRING'],
    ]);
    // 99999999999999.99 has 14 integer digits, the scale is 2: DECIMAL(16,2) reaches the browser.
    expect(result.columns[1]).toEqual({ name: 'amount', type: 'DECIMAL', scale: 2, precision: 16 });
  }, 30_000);

  it('keeps the last records with fromEnd, commits no offsets, and audits the read', async () => {
    const result = await owner.preview.sample({
      teamId: team.teamId,
      uri: `kafka://@${connectionName}/${topic}`,
      limit: 2,
      fromEnd: true,
    });
    expect(rowsOf(result.records)).toEqual([
      '{"id":4,"amount":"7.5","note":"d"}',
      '{"id":5,"amount":"-1.000","note":"e"}',
    ]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      for (const { groupId } of groups) {
        const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const { partitions } of offsets) {
          for (const p of partitions) expect(p.offset, `group ${groupId}`).toBe('-1');
        }
      }
    } finally {
      await admin.disconnect();
    }
    const audit = await prisma.auditLog.findFirst({
      where: { teamId: team.teamId, action: 'preview.sample' },
      orderBy: { id: 'desc' },
    });
    expect(audit?.details).toMatchObject({
      uri: `kafka://@${connectionName}/${topic}`,
      records: 2,
      fromEnd: true,
    });
  }, 30_000);

  it('refuses URIs that name their own host, and viewers', async () => {
    const inline = await errorOf(() =>
      owner.preview.sample({ teamId: team.teamId, uri: `kafka://127.0.0.1:9092/${topic}` }),
    );
    expect(inline.message).toBe(
      'Previews read sources through saved connections; write the URI as scheme://@connection/… (e.g. kafka://@local/orders)',
    );
    const file = await errorOf(() =>
      owner.preview.sample({ teamId: team.teamId, uri: 'file:///etc/passwd' }),
    );
    expect(file.code).toBe('BAD_REQUEST');
    const missing = await errorOf(() =>
      owner.preview.sample({ teamId: team.teamId, uri: `kafka://@no_such_${topic}/x` }),
    );
    expect(missing.message).toBe(
      `Connection "no_such_${topic}" not found; create it under Connections or check the name`,
    );
    const refused = await errorOf(() =>
      viewer.preview.sample({ teamId: team.teamId, uri: `kafka://@${connectionName}/${topic}` }),
    );
    expect(refused.code).toBe('FORBIDDEN');
  }, 30_000);
});
