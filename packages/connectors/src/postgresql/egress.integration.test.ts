/**
 * Jobs' PostgreSQL connections under the process's egress policy (what the worker configures at
 * boot): a denied address is refused after resolution and never connected to, the checked
 * address is the one connected to, and a password is never sent in clear without TLS.
 * Real sockets throughout: a local TCP listener stands in for "some host the job must not
 * reach" and counts the connections that arrive.
 */
import net from 'node:net';
import { formatJsonRow } from '@velo/engine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CLEARTEXT_REFUSED,
  configureEgress,
  EgressDeniedError,
  egressPolicyFromEnv,
} from '../egress/index.ts';
import { createSink, createSource, databaseUrl, sql, uniqueName } from './test-support.ts';

interface Listener {
  port: number;
  connections: number;
  received: Buffer[];
  close(): Promise<void>;
}

/**
 * A TCP listener on 127.0.0.1. `cleartextServer` makes it answer a startup message as a
 * PostgreSQL server asking for the password in clear (AuthenticationCleartextPassword), as the
 * fake server an attacker points a connection at would; otherwise it closes each connection.
 */
async function listen(cleartextServer = false): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0, received: [] as Buffer[] };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    if (!cleartextServer) {
      socket.destroy();
      return;
    }
    let answered = false;
    socket.on('data', (chunk) => {
      state.received.push(chunk);
      if (answered) return;
      answered = true;
      socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // 'R', length 8, cleartext
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get connections() {
      return state.connections;
    },
    received: state.received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

function policy(deny?: string) {
  return egressPolicyFromEnv(
    { VELO_MODE: 'embedded', VELO_EGRESS_DENY: deny, VELO_FILE_ROOT: '/tmp/velo-egress-pg' },
    { ownPorts: [] },
  );
}

async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('PostgreSQL connections of jobs under the egress policy', () => {
  let listener: Listener;

  beforeAll(async () => {
    listener = await listen();
  });
  afterAll(async () => {
    await listener.close();
  });
  afterEach(() => configureEgress(null));

  it('refuses a sink on a denied address before any connection is made', async () => {
    configureEgress(policy('127.0.0.1/32'));
    const uri = `postgresql://app:hunter2@127.0.0.1:${listener.port}/db?table=orders&connect.retries=0`;
    const error = await failure(createSink(uri));
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect(error.message).toBe(
      `cannot connect to 'postgresql://app:***@127.0.0.1:${listener.port}/db?table=orders&connect.retries=0': 127.0.0.1:${listener.port} is not reachable: 127.0.0.1 is denied by VELO_EGRESS_DENY`,
    );
    await settle();
    expect(listener.connections).toBe(0);
  });

  it('without a policy (the CLI) the same URI does reach the address', async () => {
    const before = listener.connections;
    const uri = `postgresql://app:hunter2@127.0.0.1:${listener.port}/db?table=orders&connect.retries=0`;
    const error = await failure(createSink(uri));
    expect(error).not.toBeInstanceOf(EgressDeniedError);
    await settle();
    expect(listener.connections).toBe(before + 1);
  });

  it('checks a host name after DNS resolution (localhost resolves to a denied address)', async () => {
    configureEgress(policy('127.0.0.0/8, ::1/128'));
    const uri = `postgresql://app@localhost:${listener.port}/db?query=SELECT%201&connect.retries=0`;
    const error = await failure(createSource(uri));
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect(error.message).toMatch(
      new RegExp(`^cannot connect to '.*': localhost:${listener.port} is not reachable: `),
    );
    await settle();
    expect(listener.connections).toBe(1); // only the one of the test without a policy
  });

  it('refuses the cloud metadata address and decimal notations of a denied one', async () => {
    configureEgress(policy('127.0.0.1/32'));
    const metadata = await failure(
      createSource('postgresql://app@169.254.169.254/db?query=SELECT%201&connect.retries=0'),
    );
    expect(metadata).toBeInstanceOf(EgressDeniedError);
    expect(metadata.message).toBe(
      `cannot connect to 'postgresql://app@169.254.169.254/db?query=SELECT%201&connect.retries=0': 169.254.169.254:5432 is not reachable: 169.254.169.254 is a link-local or cloud metadata address, which connections may never reach`,
    );
    const decimal = await failure(
      createSource(
        `postgresql://app@2130706433:${listener.port}/db?query=SELECT%201&connect.retries=0`,
      ),
    );
    expect(decimal).toBeInstanceOf(EgressDeniedError);
    await settle();
    expect(listener.connections).toBe(1);
  });

  it('refuses the CDC replication connection on a denied address', async () => {
    configureEgress(policy('127.0.0.1/32'));
    const uri = `postgresql://app@127.0.0.1:${listener.port}/db?table=orders&cdc=true&connect.retries=0`;
    const error = await failure(createSource(uri));
    expect(error).toBeInstanceOf(EgressDeniedError);
    await settle();
    expect(listener.connections).toBe(1);
  });

  it('never sends the password in clear to a server that asks for it without TLS', async () => {
    const fake = await listen(true);
    try {
      configureEgress(policy());
      const uri = `postgresql://app:s3cret-pw@127.0.0.1:${fake.port}/db?table=orders&connect.retries=0`;
      const error = await failure(createSink(uri));
      expect(error.message).toBe(
        `cannot connect to 'postgresql://app:***@127.0.0.1:${fake.port}/db?table=orders&connect.retries=0': ${CLEARTEXT_REFUSED}`,
      );
      await settle();
      expect(fake.connections).toBe(1);
      expect(Buffer.concat(fake.received).includes('s3cret-pw')).toBe(false);
    } finally {
      await fake.close();
    }
  });

  it('an allowed server is reached at the checked address: rows are written and read back', async () => {
    configureEgress(policy());
    const table = uniqueName('egress_ok');
    await sql(`CREATE TABLE ${table} (id integer PRIMARY KEY, note text)`);
    try {
      const sink = await createSink(`${databaseUrl()}?table=${table}`);
      await sink.writeBatch(['id', 'note'], [{ fields: { id: 1n, note: 'in' }, eventTime: 0 }]);
      await sink.flush();
      await sink.close();
      const source = await createSource(`${databaseUrl()}?table=${table}`);
      const batch = await source.readBatch(10);
      await source.close();
      expect(batch.records.map((r) => formatJsonRow(r.fields))).toEqual(['{"id":1,"note":"in"}']);
    } finally {
      await sql(`DROP TABLE IF EXISTS ${table}`);
    }
  });
});
