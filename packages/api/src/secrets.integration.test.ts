/**
 * A connection secret's plaintext appears in no API response (procedure results, HTTP bodies,
 * errors, audit entries), in no log output, and nowhere in the database in clear.
 */
import { randomBytes } from 'node:crypto';
import { connectionSecretAad, decryptSecret } from '@velo/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  httpCall,
  keyring,
  prisma,
  TEST_DATABASE_URL,
  type TeamFixture,
  uniqueLabel,
} from '../test/harness.ts';

const PASSWORD = `pg-SECRET-${randomBytes(8).toString('hex')}`;
const SASL_PASSWORD = `sasl-SECRET-${randomBytes(8).toString('hex')}`;
const NEW_PASSWORD = `rotated-SECRET-${randomBytes(8).toString('hex')}`;
const SECRETS = [PASSWORD, SASL_PASSWORD, NEW_PASSWORD];

/** Every form a leak could take: the plaintext, and base64/hex of it. */
const NEEDLES = SECRETS.flatMap((secret) => [
  secret,
  Buffer.from(secret).toString('base64'),
  Buffer.from(secret).toString('hex'),
]);

function expectNoSecret(text: string, where: string) {
  for (const needle of NEEDLES) {
    if (text.includes(needle)) throw new Error(`a secret appears in ${where}`);
  }
}

const CAPTURE_MARKER = 'log capture is on';
const captured: string[] = [];
const restores: (() => void)[] = [];

function capture(stream: NodeJS.WriteStream) {
  const original = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(String(chunk));
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
  restores.push(() => {
    stream.write = original;
  });
}

let team: TeamFixture;
let api: Caller;
const responses: unknown[] = [];

async function record<T>(promise: Promise<T>): Promise<T> {
  const value = await promise;
  responses.push(value);
  return value;
}

async function http(path: string, input: unknown, method: 'GET' | 'POST'): Promise<string> {
  return (await httpCall(team.owner, path, input, method)).body;
}

const serverUrl = new URL(TEST_DATABASE_URL);
let postgresId: string;
let kafkaId: string;

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      captured.push(
        args
          .map((arg) => (typeof arg === 'string' ? arg : (JSON.stringify(arg) ?? String(arg))))
          .join(' '),
      );
    });
    restores.push(() => spy.mockRestore());
  }
  capture(process.stdout);
  capture(process.stderr);
  console.warn(CAPTURE_MARKER);

  team = await createTeamWithRoles('secrets');
  api = await callerFor(team.owner);

  const postgres = await record(
    api.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('pg'),
      type: 'postgresql',
      // The test server, with a wrong password: the secret is really sent over the wire.
      config: {
        host: serverUrl.hostname,
        port: Number(serverUrl.port || 5432),
        database: serverUrl.pathname.slice(1),
        user: decodeURIComponent(serverUrl.username),
        ssl: false,
      },
      secret: { password: PASSWORD },
    }),
  );
  postgresId = postgres.id;
  const kafka = await record(
    api.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('kafka'),
      type: 'kafka',
      config: {
        brokers: ['127.0.0.1:1'],
        ssl: false,
        sasl: { mechanism: 'scram-sha-256', username: 'velo' },
      },
      secret: { saslPassword: SASL_PASSWORD },
    }),
  );
  kafkaId = kafka.id;

  await record(api.connection.list({ teamId: team.teamId }));
  await record(api.connection.get({ teamId: team.teamId, id: postgresId }));
  await record(api.connection.test({ teamId: team.teamId, id: postgresId }));
  await record(api.connection.test({ teamId: team.teamId, id: kafkaId }));
  // Editing without retyping keeps the secret; retyping replaces it.
  await record(
    api.connection.update({ teamId: team.teamId, id: kafkaId, name: uniqueLabel('kafka-renamed') }),
  );
  await record(
    api.connection.update({
      teamId: team.teamId,
      id: postgresId,
      secret: { password: NEW_PASSWORD },
    }),
  );
  await record(api.connection.test({ teamId: team.teamId, id: postgresId }));
  await record(api.audit.list({ teamId: team.teamId, limit: 100 }));
  // Failing requests that carry a secret must not echo it either.
  responses.push(
    await errorOf(() =>
      api.connection.create({
        teamId: team.teamId,
        name: 'bad name!',
        type: 'postgresql',
        config: { host: 'db', port: 0, database: 'd', user: 'u', ssl: false },
        secret: { password: PASSWORD },
      }),
    ),
  );
  responses.push(
    await errorOf(() =>
      api.connection.update({ teamId: team.teamId, id: kafkaId, secret: { saslPassword: 7 } }),
    ),
  );
});

afterAll(() => {
  for (const restore of restores.reverse()) restore();
});

describe('connection secrets', () => {
  it('are reported only as hasSecret', () => {
    const [postgres, kafka] = responses as { hasSecret: boolean; config: unknown }[];
    expect(postgres.hasSecret).toBe(true);
    expect(kafka.hasSecret).toBe(true);
    expect(Object.keys(postgres)).not.toContain('secret');
    expect(Object.keys(postgres)).not.toContain('encryptedSecret');
  });

  it('appear in no procedure result or error', () => {
    for (const [index, response] of responses.entries()) {
      const text =
        response instanceof Error
          ? `${response.message} ${JSON.stringify(response)} ${String(response.cause)} ${JSON.stringify((response.cause as { issues?: unknown })?.issues ?? null)}`
          : JSON.stringify(response);
      expectNoSecret(text, `response #${index}`);
    }
  });

  it('appear in no HTTP response body, success or failure', async () => {
    const bodies = [
      await http('connection.list', { teamId: team.teamId }, 'GET'),
      await http('connection.get', { teamId: team.teamId, id: postgresId }, 'GET'),
      await http('audit.list', { teamId: team.teamId, limit: 100 }, 'GET'),
      await http('connection.test', { teamId: team.teamId, id: kafkaId }, 'POST'),
      await http(
        'connection.create',
        {
          teamId: team.teamId,
          name: uniqueLabel('pg'),
          type: 'postgresql',
          config: { host: 'bad host', port: 5432, database: 'd', user: 'u', ssl: false },
          secret: { password: PASSWORD },
        },
        'POST',
      ),
      await http(
        'connection.update',
        { teamId: team.teamId, id: postgresId, secret: { password: 12 } },
        'POST',
      ),
    ];
    expect(bodies[0]).toContain('"hasSecret":true');
    expect(bodies[4]).toContain('Host must be a host name or IP address');
    for (const [index, body] of bodies.entries()) expectNoSecret(body, `HTTP body #${index}`);
  });

  it('appear in no audit entry', async () => {
    const rows = await prisma.auditLog.findMany({ where: { teamId: team.teamId } });
    expect(rows.map((row) => row.action).sort()).toEqual(
      expect.arrayContaining([
        'connection.create',
        'connection.create',
        'connection.test',
        'connection.update',
      ]),
    );
    expectNoSecret(
      JSON.stringify(rows, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
      'the audit log',
    );
  });

  it('appear in no log line', () => {
    // The capture itself works: this marker went through it.
    expect(captured.join('\n')).toContain(CAPTURE_MARKER);
    expectNoSecret(captured.join('\n'), 'the captured console/stdout/stderr output');
  });

  it('are stored encrypted under a key id, and nowhere in clear', async () => {
    const stored = await prisma.connection.findUniqueOrThrow({ where: { id: postgresId } });
    expect(stored.keyId).toBe(keyring.current.id);
    const bound = (row: { teamId: string; id: string }) => connectionSecretAad(row.teamId, row.id);
    expect(
      JSON.parse(decryptSecret(keyring, stored.encryptedSecret!, stored.keyId!, bound(stored))),
    ).toEqual({
      password: NEW_PASSWORD,
    });
    const kafka = await prisma.connection.findUniqueOrThrow({ where: { id: kafkaId } });
    expect(
      JSON.parse(decryptSecret(keyring, kafka.encryptedSecret!, kafka.keyId!, bound(kafka))),
    ).toEqual({
      saslPassword: SASL_PASSWORD,
    });

    // Every row of every table of the database, as text.
    const tables = await prisma.$queryRaw<{ schemaname: string; tablename: string }[]>`
      SELECT schemaname::text AS schemaname, tablename::text AS tablename FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`;
    expect(tables.map((table) => table.tablename)).toEqual(
      expect.arrayContaining(['Connection', 'AuditLog', 'user', 'session', 'account']),
    );
    for (const { schemaname, tablename } of tables) {
      const [dump] = await prisma.$queryRawUnsafe<{ text: string | null }[]>(
        `SELECT string_agg(t::text, E'\\n') AS text FROM "${schemaname}"."${tablename}" t`,
      );
      expectNoSecret(dump?.text ?? '', `table ${schemaname}.${tablename}`);
    }
  });
});
