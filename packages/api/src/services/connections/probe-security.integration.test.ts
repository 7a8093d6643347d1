/**
 * Issue 11, holes 2 and 3: a stored secret never follows a connection to another server, the
 * password is never sent in clear without TLS, and every probe passes the egress policy after
 * DNS resolution (link-local and metadata always denied, loopback in production, numeric host
 * forms normalised, file paths confined to VELO_FILE_ROOT). Remote error text is cleaned and
 * probes are rate-limited.
 */
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { CLEARTEXT_REFUSED, egressPolicyFromEnv } from '@velo/connectors/egress';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { getEgressPolicy } from '../../env.ts';
import { type FakePostgres, startFakePostgres } from './fake-postgres.ts';
import { SASL_PLAIN_REFUSED } from './probe-kafka.ts';
import { PROBES_PER_USER_PER_MINUTE } from './probe-rate-limit.ts';
import { testConnection } from './test-connection.ts';

let team: TeamFixture;
let owner: Caller;
let admin: Caller;
let fake: FakePostgres;

beforeAll(async () => {
  team = await createTeamWithRoles('probe-sec');
  owner = await callerFor(team.owner);
  admin = await callerFor(team.admin);
  fake = await startFakePostgres({ kind: 'cleartext' });
});

afterAll(async () => {
  await fake.close();
});

const REAL_PG = {
  host: 'db.internal.test',
  port: 5432,
  database: 'orders',
  user: 'velo',
  ssl: false,
};

describe('hole 2: a stored secret cannot be recovered by repointing a connection', () => {
  it('clears the stored password when the host changes, and the test sends none', async () => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('pg'),
      type: 'postgresql',
      config: REAL_PG,
      secret: { password: 'the-real-password' },
    });
    expect(created.hasSecret).toBe(true);
    const moved = await admin.connection.update({
      teamId: team.teamId,
      id: created.id,
      config: { ...REAL_PG, host: '127.0.0.1', port: fake.port },
    });
    expect(moved.hasSecret).toBe(false);
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { objectId: created.id, action: 'connection.update' },
    });
    expect(audit.details).toMatchObject({
      changed: ['config', 'secret cleared (host, port changed)'],
    });
    const result = await admin.connection.test({ teamId: team.teamId, id: created.id });
    expect(result).toEqual({ ok: false, error: CLEARTEXT_REFUSED, latencyMs: expect.any(Number) });
    expect(fake.passwords).toEqual([]);
  });

  it.each([
    ['user', { user: 'someone-else' }],
    ['database', { database: 'other' }],
    ['ssl', { ssl: true }],
  ])('clears it when %s changes, and keeps it for a name-only change', async (field, change) => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('pg'),
      type: 'postgresql',
      config: REAL_PG,
      secret: { password: 'pw' },
    });
    const renamed = await admin.connection.update({
      teamId: team.teamId,
      id: created.id,
      name: uniqueLabel('renamed'),
      config: REAL_PG,
    });
    expect(renamed.hasSecret).toBe(true);
    const changed = await admin.connection.update({
      teamId: team.teamId,
      id: created.id,
      config: { ...REAL_PG, ...change },
    });
    expect({ field, hasSecret: changed.hasSecret }).toEqual({ field, hasSecret: false });
  });

  it('keeps a re-entered password with the new host', async () => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('pg'),
      type: 'postgresql',
      config: REAL_PG,
      secret: { password: 'old' },
    });
    const moved = await admin.connection.update({
      teamId: team.teamId,
      id: created.id,
      config: { ...REAL_PG, host: 'db2.internal.test' },
      secret: { password: 'new' },
    });
    expect(moved.hasSecret).toBe(true);
  });

  it('asks for the SASL password again when Kafka brokers change', async () => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('kafka'),
      type: 'kafka',
      config: {
        brokers: ['kafka.internal.test:9092'],
        ssl: true,
        sasl: { mechanism: 'plain', username: 'u' },
      },
      secret: { saslPassword: 'sasl-secret' },
    });
    const error = await errorOf(() =>
      admin.connection.update({
        teamId: team.teamId,
        id: created.id,
        config: {
          brokers: ['127.0.0.1:9092'],
          ssl: true,
          sasl: { mechanism: 'plain', username: 'u' },
        },
      }),
    );
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'BAD_REQUEST',
      message: 'SASL password is required',
    });
    const stored = await prisma.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.encryptedSecret).not.toBeNull();
  });

  it('does not lend the stored secret to a draft test with a changed host', async () => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('pg'),
      type: 'postgresql',
      config: { ...REAL_PG, host: '127.0.0.1', port: fake.port },
      secret: { password: 'stored-password' },
    });
    const before = fake.connections;
    // Same endpoint: the stored secret is used, but never in clear without TLS.
    const same = await admin.connection.testDraft({
      teamId: team.teamId,
      id: created.id,
      type: 'postgresql',
      config: { ...REAL_PG, host: '127.0.0.1', port: fake.port },
    });
    expect(same).toEqual({ ok: false, error: CLEARTEXT_REFUSED, latencyMs: expect.any(Number) });
    expect(fake.connections).toBe(before + 1);
    expect(fake.passwords).toEqual([]);
  });

  it('refuses Kafka SASL PLAIN without TLS before connecting', async () => {
    const before = fake.connections;
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('kafka'),
      type: 'kafka',
      config: {
        brokers: [`127.0.0.1:${fake.port}`],
        ssl: false,
        sasl: { mechanism: 'plain', username: 'u' },
      },
      secret: { saslPassword: 'plain-secret' },
    });
    expect(await admin.connection.test({ teamId: team.teamId, id: created.id })).toEqual({
      ok: false,
      error: SASL_PLAIN_REFUSED,
      latencyMs: expect.any(Number),
    });
    expect(fake.connections).toBe(before);
  });

  it('refuses cleartext password authentication without TLS (the password never leaves)', async () => {
    const created = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('pg'),
      type: 'postgresql',
      config: { ...REAL_PG, host: '127.0.0.1', port: fake.port },
      secret: { password: 'never-in-clear' },
    });
    const result = await admin.connection.test({ teamId: team.teamId, id: created.id });
    expect(result).toEqual({ ok: false, error: CLEARTEXT_REFUSED, latencyMs: expect.any(Number) });
    expect(fake.passwords).toEqual([]);
  });
});

describe('hole 3: egress policy after DNS resolution', () => {
  async function pgTo(host: string, port = 5432) {
    return owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('egress'),
      type: 'postgresql',
      config: { ...REAL_PG, host, port },
      secret: { password: 'pw' },
    });
  }

  it('stores numeric IPv4 host forms as the address they reach', async () => {
    expect((await pgTo('2130706433')).config.host).toBe('127.0.0.1');
    expect((await pgTo('0x7f000001')).config.host).toBe('127.0.0.1');
  });

  it('never reaches link-local or metadata addresses, also named by a DNS name', async () => {
    for (const host of ['169.254.169.254', '2852039166']) {
      const connection = await pgTo(host, 80);
      expect(await admin.connection.test({ teamId: team.teamId, id: connection.id })).toEqual({
        ok: false,
        error:
          '169.254.169.254:80 is not reachable: 169.254.169.254 is a link-local or cloud metadata address, which connections may never reach',
        latencyMs: expect.any(Number),
      });
    }
    const kafka = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('kafka'),
      type: 'kafka',
      config: { brokers: ['169.254.169.254:9092'], ssl: false, sasl: null },
    });
    expect(await admin.connection.test({ teamId: team.teamId, id: kafka.id })).toEqual({
      ok: false,
      error:
        '169.254.169.254:9092 is not reachable: 169.254.169.254 is a link-local or cloud metadata address, which connections may never reach',
      latencyMs: expect.any(Number),
    });
  });

  it('refuses loopback (any notation, or by name) in production mode', async () => {
    const production = egressPolicyFromEnv({ NODE_ENV: 'production', VELO_FILE_ROOT: '/srv/velo' });
    const actor = { userId: team.admin.id, ip: null };
    for (const [host, shown] of [
      ['127.0.0.1', '127.0.0.1'],
      ['localhost', 'localhost'],
    ]) {
      const connection = await pgTo(host, fake.port);
      const result = await testConnection(
        { prisma, keyring, actor },
        { teamId: team.teamId, id: connection.id },
        { policy: production },
      );
      expect(result).toEqual({
        ok: false,
        error: expect.stringMatching(
          new RegExp(
            `^${shown}:${fake.port} is not reachable: (127\\.0\\.0\\.1|::1) is a loopback address, which production mode does not reach$`,
          ),
        ),
        latencyMs: expect.any(Number),
      });
    }
    const kafka = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('kafka'),
      type: 'kafka',
      config: { brokers: ['2130706433:9092'], ssl: false, sasl: null },
    });
    expect(
      await testConnection(
        { prisma, keyring, actor },
        { teamId: team.teamId, id: kafka.id },
        { policy: production },
      ),
    ).toEqual({
      ok: false,
      error:
        '127.0.0.1:9092 is not reachable: 127.0.0.1 is a loopback address, which production mode does not reach',
      latencyMs: expect.any(Number),
    });
  });

  it('confines file connections to VELO_FILE_ROOT, symlinks resolved', async () => {
    const root = getEgressPolicy().fileRoot;
    const error = await errorOf(() =>
      owner.connection.create({
        teamId: team.teamId,
        name: uniqueLabel('file'),
        type: 'file',
        config: { path: '/etc/shadow', format: 'csv' },
      }),
    );
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'BAD_REQUEST',
      message: `Path must be inside the file root ${root}`,
    });
    // A link made after saving is caught when the path is used.
    const folder = path.join(root, uniqueLabel('linked'));
    await mkdir(folder, { recursive: true });
    const saved = await owner.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('file'),
      type: 'file',
      config: { path: `${folder}/etc/shadow`, format: 'csv' },
    });
    await symlink('/etc', path.join(folder, 'etc'));
    expect(await admin.connection.test({ teamId: team.teamId, id: saved.id })).toEqual({
      ok: false,
      error: `${folder}/etc/shadow is outside the file root ${root} (VELO_FILE_ROOT)`,
      latencyMs: expect.any(Number),
    });
  });
});

describe('previews pass the egress policy too', () => {
  it('refuses to sample a saved connection pointing at a metadata address', async () => {
    const name = uniqueLabel('meta');
    await owner.connection.create({
      teamId: team.teamId,
      name,
      type: 'kafka',
      config: { brokers: ['169.254.169.254:9092'], ssl: false, sasl: null },
    });
    const editor = await callerFor(team.editor);
    const error = await errorOf(() =>
      editor.preview.sample({ teamId: team.teamId, uri: `kafka://@${name}/orders` }),
    );
    expect({ code: error.code, message: error.message }).toEqual({
      code: 'PRECONDITION_FAILED',
      message: `Could not read kafka://@${name}/orders: 169.254.169.254:9092 is not reachable: 169.254.169.254 is a link-local or cloud metadata address, which connections may never reach`,
    });
  });
});

describe('remote error text and rate limits', () => {
  it('strips control characters from a server’s error and cuts it to 300 characters', async () => {
    const hostile = await startFakePostgres({
      kind: 'error',
      code: '28000',
      text: `\u001b[31mline one\nline two\r\u202e${'x'.repeat(2000)}`,
    });
    try {
      const connection = await owner.connection.create({
        teamId: team.teamId,
        name: uniqueLabel('pg'),
        type: 'postgresql',
        config: { ...REAL_PG, host: '127.0.0.1', port: hostile.port },
      });
      const result = await admin.connection.test({ teamId: team.teamId, id: connection.id });
      expect(result.ok).toBe(false);
      const error = (result as { error: string }).error;
      expect(error).toBe(`[31mline one line two ${'x'.repeat(299 - 22)}…`);
      expect(error).toHaveLength(300);
    } finally {
      await hostile.close();
    }
  });

  it(`allows ${PROBES_PER_USER_PER_MINUTE} tests per user per minute, then answers 429`, async () => {
    const own = await createTeamWithRoles('probe-rate');
    const editor = await callerFor(own.editor);
    const connection = await (await callerFor(own.owner)).connection.create({
      teamId: own.teamId,
      name: uniqueLabel('gen'),
      type: 'datagen',
      config: { generator: 'orders' },
    });
    for (let i = 0; i < PROBES_PER_USER_PER_MINUTE; i += 1) {
      await editor.connection.test({ teamId: own.teamId, id: connection.id });
    }
    const error = await errorOf(() =>
      editor.connection.test({ teamId: own.teamId, id: connection.id }),
    );
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toMatch(/^Too many connection tests; try again in \d+ s$/);
  });
});
