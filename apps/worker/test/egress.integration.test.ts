/**
 * The egress policy on a real worker process: the worker configures it at boot from its env
 * (VELO_EGRESS_DENY here), and the connectors its jobs open apply it. A job whose PostgreSQL
 * sink or Kafka source points at a denied address fails with the policy's message, and local
 * listeners on that address prove that no connection ever arrived.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

/** A loopback address of its own, so the worker's database and broker stay reachable. */
const DENIED = '127.0.0.2';

interface Listener {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

async function listen(host: string): Promise<Listener> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let teamId: string;
let worker: WorkerProcess;
let postgres: Listener;
let kafka: Listener;

beforeAll(async () => {
  teamId = await createTeam();
  postgres = await listen(DENIED);
  kafka = await listen(DENIED);
  worker = spawnWorker(unique('egress'), {
    WORKER_TEAMS: teamId,
    VELO_MODE: 'embedded',
    VELO_EGRESS_DENY: `${DENIED}/32`,
  });
});

afterAll(async () => {
  await worker.stop();
  await postgres.close();
  await kafka.close();
  await prisma.$disconnect();
});

async function failedWith(sql: string): Promise<string> {
  const jobId = await createJob(teamId, sql, { desiredState: 'RUNNING', restartPolicy: 'never' });
  const job = await waitUntil(
    'FAILED',
    async () => {
      const j = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
      return j.actualState === 'FAILED' ? j : null;
    },
    30_000,
  );
  return job.lastError ?? '';
}

describe('jobs on a worker with an egress policy', () => {
  it('a PostgreSQL sink on a denied address fails the job and is never connected to', async () => {
    const into = `postgresql://app:hunter2@${DENIED}:${postgres.port}/db?table=orders&connect.retries=0`;
    const error = await failedWith(
      `CREATE STREAM s AS SELECT * FROM 'datagen://orders?seed=1&limit=10' INTO '${into}'`,
    );
    expect(error).toContain(
      `${DENIED}:${postgres.port} is not reachable: ${DENIED} is denied by VELO_EGRESS_DENY`,
    );
    expect(error).not.toContain('hunter2');
    expect(postgres.connections()).toBe(0);
  }, 40_000);

  it('a Kafka source on a denied broker fails the job and is never connected to', async () => {
    const from = `kafka://${DENIED}:${kafka.port}/${unique('orders')}?connect.retries=0`;
    const error = await failedWith(`SELECT * FROM '${from}'`);
    expect(error).toContain(
      `${DENIED}:${kafka.port} is not reachable: ${DENIED} is denied by VELO_EGRESS_DENY`,
    );
    expect(kafka.connections()).toBe(0);
  }, 40_000);
});
