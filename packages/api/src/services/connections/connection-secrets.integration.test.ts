/**
 * Issue 11: secrets bound to their team and connection (AES-GCM additional data), the last test
 * result kept with its time, and "Test" before saving.
 */
import { connectionSecretAad, encryptSecret } from '@velo/db';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  keyring,
  prisma,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';
import { UNREADABLE_SECRET } from './test-connection.ts';

const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const PG = { host: 'db.internal.test', port: 5432, database: 'orders', user: 'velo', ssl: false };

let team: TeamFixture;
let other: TeamFixture;
let owner: Caller;

beforeAll(async () => {
  [team, other] = await Promise.all([
    createTeamWithRoles('secret-bind'),
    createTeamWithRoles('secret-thief'),
  ]);
  owner = await callerFor(team.owner);
});

describe('secrets bound to their team and connection', () => {
  it('a ciphertext copied into another team’s connection does not open there', async () => {
    const victim = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('victim'),
      type: 'postgresql',
      config: PG,
      secret: { password: 'victim-password' },
    });
    const thiefApi = await callerFor(other.owner);
    const thief = await thiefApi.connection.create({
      teamId: other.teamId,
      name: uniqueLabel('thief'),
      type: 'postgresql',
      config: PG,
    });
    const stored = await prisma.connection.findUniqueOrThrow({ where: { id: victim.id } });
    expect(stored.encryptedSecret?.startsWith('v2.')).toBe(true);
    // Someone with write access to the database moves the envelope to their own row.
    await prisma.connection.update({
      where: { id: thief.id },
      data: { encryptedSecret: stored.encryptedSecret, keyId: stored.keyId },
    });
    expect(await thiefApi.connection.test({ teamId: other.teamId, id: thief.id })).toEqual({
      ok: false,
      error: UNREADABLE_SECRET,
      latencyMs: 0,
    });
  });

  it('refuses a secret sealed before the binding until it is re-sealed', async () => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('legacy'),
      type: 'kafka',
      config: { brokers: KAFKA_BROKERS, ssl: false, sasl: null },
    });
    const legacy = encryptSecret(keyring, JSON.stringify({ saslPassword: 'x' }));
    await prisma.connection.update({
      where: { id: created.id },
      data: { encryptedSecret: legacy.encryptedSecret, keyId: legacy.keyId },
    });
    expect(await owner.connection.test({ teamId: team.teamId, id: created.id })).toEqual({
      ok: false,
      error: UNREADABLE_SECRET,
      latencyMs: 0,
    });
    const { reencryptConnectionSecrets } = await import('@velo/db');
    expect(
      await reencryptConnectionSecrets(prisma, keyring, { teamId: team.teamId }),
    ).toMatchObject({ resealed: 1 });
    const after = await prisma.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(after.encryptedSecret?.startsWith('v2.')).toBe(true);
    expect(connectionSecretAad(team.teamId, created.id)).toBe(
      `velo:connection-secret:${team.teamId}:${created.id}`,
    );
    expect((await owner.connection.test({ teamId: team.teamId, id: created.id })).ok).toBe(true);
  });
});

describe('the last test result, with its time', () => {
  it('is kept on the connection and cleared when its settings change', async () => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('kafka'),
      type: 'kafka',
      config: { brokers: ['127.0.0.1:1'], ssl: false, sasl: null },
    });
    expect(created.lastTest).toBeNull();
    const before = Date.now();
    await owner.connection.test({ teamId: team.teamId, id: created.id });
    const [listed] = (await owner.connection.list({ teamId: team.teamId })).filter(
      (connection) => connection.id === created.id,
    );
    expect(listed.lastTest).toEqual({
      at: expect.any(Date),
      ok: false,
      error:
        'Connection refused at 127.0.0.1:1; check the host and port, and that the server is running',
      latencyMs: expect.any(Number),
    });
    expect(listed.lastTest!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const renamed = await owner.connection.update({
      teamId: team.teamId,
      id: created.id,
      name: uniqueLabel('renamed'),
    });
    expect(renamed.lastTest).toEqual(listed.lastTest);
    const moved = await owner.connection.update({
      teamId: team.teamId,
      id: created.id,
      config: { brokers: KAFKA_BROKERS, ssl: false, sasl: null },
    });
    expect(moved.lastTest).toBeNull();
  });
});

describe('test before saving', () => {
  it('probes unsaved settings, stores nothing, audits the attempt', async () => {
    const count = () => prisma.connection.count({ where: { teamId: team.teamId } });
    const before = await count();
    expect(
      await owner.connection.testDraft({
        teamId: team.teamId,
        type: 'kafka',
        config: { brokers: KAFKA_BROKERS, ssl: false, sasl: null },
      }),
    ).toEqual({ ok: true, latencyMs: expect.any(Number) });
    expect(await count()).toBe(before);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { teamId: team.teamId, action: 'connection.testDraft' },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit.details).toMatchObject({ type: 'kafka', ok: true });
  });

  it('says which field is wrong, like saving would', async () => {
    const error = await errorOf(() =>
      owner.connection.testDraft({
        teamId: team.teamId,
        type: 'postgresql',
        config: { ...PG, port: 70000 },
      }),
    );
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'BAD_REQUEST',
      message: 'Port must be a whole number between 1 and 65535',
    });
  });
});
