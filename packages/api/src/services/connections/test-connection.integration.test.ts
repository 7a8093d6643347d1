/**
 * "Test connection" against the real Postgres of DATABASE_URL and the real Kafka of
 * KAFKA_BROKERS: success, a closed port, a wrong password, a server that never answers.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  keyring,
  prisma,
  TEST_DATABASE_URL,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';
import { getEgressPolicy } from '../../env.ts';
import { testConnection } from './test-connection.ts';

const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const server = new URL(TEST_DATABASE_URL);
const PG = {
  host: server.hostname,
  port: Number(server.port || 5432),
  database: server.pathname.slice(1),
  user: decodeURIComponent(server.username),
  ssl: false,
};
const PG_PASSWORD = decodeURIComponent(server.password);

let team: TeamFixture;
let api: Caller;
/** A TCP server that accepts connections and never says a word. */
let silent: net.Server;
let silentPort: number;
const silentSockets = new Set<net.Socket>();

beforeAll(async () => {
  team = await createTeamWithRoles('test-conn');
  api = await callerFor(team.editor);
  silent = net.createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

async function createAs(
  type: 'postgresql' | 'kafka' | 'file',
  config: Record<string, unknown>,
  secret?: Record<string, string>,
) {
  const ownerApi = await callerFor(team.owner);
  const connection = await ownerApi.connection.create({
    teamId: team.teamId,
    name: uniqueLabel(type),
    type,
    config,
    ...(secret ? { secret } : {}),
  } as never);
  return connection.id;
}

/** Runs the editor's "Test" and measures how long it took from the caller's side. */
async function timedTest(id: string) {
  const started = performance.now();
  const result = await api.connection.test({ teamId: team.teamId, id });
  return { result, elapsedMs: performance.now() - started };
}

describe('postgresql', () => {
  it('succeeds against the real server with SELECT 1', async () => {
    const id = await createAs('postgresql', PG, { password: PG_PASSWORD });
    const { result, elapsedMs } = await timedTest(id);
    expect(result).toEqual({ ok: true, latencyMs: expect.any(Number) });
    expect(result.latencyMs).toBeLessThan(10_000);
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('reports a closed port in plain words, quickly', async () => {
    const id = await createAs(
      'postgresql',
      { ...PG, host: '127.0.0.1', port: 1 },
      { password: 'x' },
    );
    const { result, elapsedMs } = await timedTest(id);
    expect(result).toEqual({
      ok: false,
      error:
        'Connection refused at 127.0.0.1:1; check the host and port, and that the server is running',
      latencyMs: expect.any(Number),
    });
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('reports a wrong password in the server’s words', async () => {
    const id = await createAs('postgresql', PG, { password: `${PG_PASSWORD}-wrong` });
    const { result, elapsedMs } = await timedTest(id);
    // Needs a server that checks passwords (npm test's embedded PostgreSQL does).
    expect(result).toEqual({
      ok: false,
      error: `password authentication failed for user "${PG.user}"`,
      latencyMs: expect.any(Number),
    });
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('reports a missing database and an unknown host', async () => {
    const missing = await createAs(
      'postgresql',
      { ...PG, database: 'no_such_database_velo' },
      { password: PG_PASSWORD },
    );
    expect((await timedTest(missing)).result).toEqual({
      ok: false,
      error: 'database "no_such_database_velo" does not exist',
      latencyMs: expect.any(Number),
    });
    const unknown = await createAs(
      'postgresql',
      { ...PG, host: 'no-such-host.invalid' },
      { password: 'x' },
    );
    expect((await timedTest(unknown)).result).toEqual({
      ok: false,
      error: 'Host no-such-host.invalid could not be found; check the host name',
      latencyMs: expect.any(Number),
    });
  });

  it('gives up on a server that never answers after 10 s', async () => {
    const id = await createAs(
      'postgresql',
      { ...PG, host: '127.0.0.1', port: silentPort },
      {
        password: 'x',
      },
    );
    const { result, elapsedMs } = await timedTest(id);
    expect(result).toEqual({
      ok: false,
      error: 'Timed out after 10 s; check the host, the port and any firewall in between',
      latencyMs: expect.any(Number),
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(9_900);
    expect(elapsedMs).toBeLessThan(11_000);
  }, 20_000);

  it('records each test in the audit log with its outcome', async () => {
    const id = await createAs(
      'postgresql',
      { ...PG, host: '127.0.0.1', port: 1 },
      { password: 'x' },
    );
    await timedTest(id);
    const entry = await prisma.auditLog.findFirstOrThrow({
      where: { teamId: team.teamId, objectId: id, action: 'connection.test' },
    });
    expect(entry.actorId).toBe(team.editor.id);
    expect(entry.details).toMatchObject({
      ok: false,
      error:
        'Connection refused at 127.0.0.1:1; check the host and port, and that the server is running',
    });
  });
});

describe('kafka', () => {
  it('succeeds against the real broker (cluster metadata)', async () => {
    const id = await createAs('kafka', { brokers: KAFKA_BROKERS, ssl: false, sasl: null });
    const { result, elapsedMs } = await timedTest(id);
    expect(result).toEqual({ ok: true, latencyMs: expect.any(Number) });
    expect(elapsedMs).toBeLessThan(10_000);
  });

  it('reports a closed port in plain words, quickly, and logs nothing', async () => {
    const output: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args) => void output.push(args.join(' '))),
    );
    try {
      const id = await createAs('kafka', { brokers: ['127.0.0.1:1'], ssl: false, sasl: null });
      const { result, elapsedMs } = await timedTest(id);
      expect(result).toEqual({
        ok: false,
        error:
          'Connection refused at 127.0.0.1:1; check the host and port, and that the server is running',
        latencyMs: expect.any(Number),
      });
      expect(elapsedMs).toBeLessThan(10_000);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(output).toEqual([]);
  });

  it('reports an unknown host', async () => {
    const id = await createAs('kafka', {
      brokers: ['no-such-broker.invalid:9092'],
      ssl: false,
      sasl: null,
    });
    expect((await timedTest(id)).result).toEqual({
      ok: false,
      error: 'Host no-such-broker.invalid could not be found; check the host name',
      latencyMs: expect.any(Number),
    });
  });

  it('gives up on a broker that never answers at the deadline', async () => {
    const id = await createAs('kafka', {
      brokers: [`127.0.0.1:${silentPort}`],
      ssl: false,
      sasl: null,
    });
    const started = performance.now();
    const result = await testConnection(
      { prisma, keyring, actor: { userId: team.editor.id, ip: null } },
      { teamId: team.teamId, id },
      { timeoutMs: 1_500 },
    );
    const elapsedMs = performance.now() - started;
    expect(result).toEqual({
      ok: false,
      error: 'Timed out after 1.5 s; check the host, the port and any firewall in between',
      latencyMs: expect.any(Number),
    });
    expect(elapsedMs).toBeLessThan(3_000);
  });
});

describe('file', () => {
  it('is ok for an existing file or folder and explains a missing one', async () => {
    // File connections live inside VELO_FILE_ROOT (egress.integration.test.ts tests outside it).
    const root = getEgressPolicy().fileRoot;
    const present = await createAs('file', {
      path: `${root}/velo-new-output.jsonl`,
      format: 'jsonl',
    });
    expect((await timedTest(present)).result).toEqual({ ok: true, latencyMs: expect.any(Number) });
    const missing = await createAs('file', { path: `${root}/no/such/folder/x.csv`, format: 'csv' });
    expect((await timedTest(missing)).result).toEqual({
      ok: false,
      error: `Neither ${root}/no/such/folder/x.csv nor its folder exists; check the path`,
      latencyMs: expect.any(Number),
    });
  });
});
