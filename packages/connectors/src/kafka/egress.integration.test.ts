/**
 * Jobs' Kafka clients under the process's egress policy (what the worker configures at boot):
 * every broker socket goes through the policy's socket factory, after DNS resolution. The
 * shared broker (KAFKA_BROKERS, 127.0.0.1:9092) stands for a host the job must not reach when
 * the test's policy denies its address, and is used normally when the policy allows it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureEgress, EgressDeniedError, egressPolicyFromEnv } from '../egress/index.ts';
import { createSink, createSource } from '../registry.ts';
import { BROKERS, consumeAll, createTopic, deleteTopic, uniqueName } from './test-support.ts';

const broker = BROKERS.split(',')[0];
const ROOT = '/tmp/velo-egress-kafka';

function policy(deny?: string) {
  return egressPolicyFromEnv(
    { VELO_MODE: 'embedded', VELO_EGRESS_DENY: deny, VELO_FILE_ROOT: ROOT },
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

/**
 * The error carrying code EGRESS_DENIED in the chain the connector and kafkajs wrapped around
 * the socket's EgressDeniedError (kafkajs's KafkaJSConnectionError copies the socket's code).
 */
function egressCause(error: unknown): Error | undefined {
  let current = error as { code?: string; cause?: unknown; originalError?: unknown } | undefined;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current.code === 'EGRESS_DENIED') return current as unknown as Error;
    current = (current.originalError ?? current.cause) as typeof current;
  }
  return undefined;
}

afterEach(() => configureEgress(null));

describe('Kafka clients of jobs under the egress policy', () => {
  it('a sink whose broker address is denied is refused', async () => {
    configureEgress(policy('127.0.0.0/8, ::1/128'));
    const topic = uniqueName('egress-denied');
    const error = await failure(
      createSink(`kafka://${broker}/${topic}?create=true&connect.retries=0`),
    );
    const [host, port] = broker.split(':');
    expect(error.message).toContain(
      `${host}:${port} is not reachable: ${host} is denied by VELO_EGRESS_DENY`,
    );
    expect(egressCause(error)?.message).toContain('is denied by VELO_EGRESS_DENY');
  });

  it('no connection reaches a denied address (a local listener counts them)', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      configureEgress(policy('127.0.0.1/32'));
      const uri = `kafka://127.0.0.1:${port}/${uniqueName('egress')}?connect.retries=0`;
      const denied = await failure(createSink(uri));
      expect(egressCause(denied)?.message).toContain('is denied by VELO_EGRESS_DENY');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(connections).toBe(0);
      // The same URI without a policy (the CLI) does connect: the count above would see it.
      configureEgress(null);
      await failure(createSink(uri));
      expect(connections).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it('a source on a broker name that resolves to a denied address is refused', async () => {
    configureEgress(policy('127.0.0.0/8, ::1/128'));
    const port = broker.split(':')[1];
    const error = await failure(
      createSource(`kafka://localhost:${port}/${uniqueName('egress-denied')}?connect.retries=0`),
    );
    expect(error.message).toContain(`localhost:${port} is not reachable: `);
    expect(egressCause(error)?.message).toContain('is denied by VELO_EGRESS_DENY');
  });

  it('the link-local metadata address is refused without a connection attempt', async () => {
    configureEgress(policy());
    const started = Date.now();
    const error = await failure(
      createSink(`kafka://169.254.169.254:9092/${uniqueName('egress')}?connect.retries=0`),
    );
    expect(error.message).toContain(
      '169.254.169.254:9092 is not reachable: 169.254.169.254 is a link-local or cloud metadata address',
    );
    // Refused at once, not after a connect timeout to an unroutable address.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('TLS files named in the URI must lie inside VELO_FILE_ROOT', async () => {
    configureEgress(policy());
    const error = await failure(
      createSink(`kafka://${broker}/${uniqueName('egress')}?ssl=true&ssl.ca.file=/etc/passwd`),
    );
    expect(error).toBeInstanceOf(EgressDeniedError);
    expect(error.message).toBe(
      '/etc/passwd is outside the file root /tmp/velo-egress-kafka (VELO_FILE_ROOT)',
    );
  });

  it('Avro: the schema registry address and the schema file pass the policy too', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    mkdirSync(ROOT, { recursive: true });
    const schemaFile = join(ROOT, 'order.avsc');
    writeFileSync(
      schemaFile,
      '{"type":"record","name":"Order","fields":[{"name":"n","type":"long"}]}',
    );
    try {
      configureEgress(policy('127.0.0.1/32'));
      const registry = encodeURIComponent(`http://127.0.0.1:${port}`);
      const uri = `kafka://${broker}/${uniqueName('egress')}?format=avro&schema.registry.url=${registry}&avro.schema.file=${encodeURIComponent(schemaFile)}`;
      const denied = await failure(createSink(uri));
      expect(denied.message).toContain(
        `127.0.0.1:${port} is not reachable: 127.0.0.1 is denied by VELO_EGRESS_DENY`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(connections).toBe(0);
      configureEgress(null);
      await failure(createSink(uri));
      expect(connections).toBeGreaterThan(0);

      configureEgress(policy());
      const outside = await failure(
        createSink(
          `kafka://${broker}/${uniqueName('egress')}?format=avro&avro.schema.file=%2Fetc%2Fpasswd`,
        ),
      );
      expect(outside).toBeInstanceOf(EgressDeniedError);
      expect(outside.message).toBe(`/etc/passwd is outside the file root ${ROOT} (VELO_FILE_ROOT)`);
    } finally {
      server.close();
    }
  });

  it('an allowed broker works through the policy (also producer.thread=true, run in process)', async () => {
    configureEgress(policy());
    const topic = await createTopic('egress-ok');
    try {
      for (const thread of ['false', 'true']) {
        const sink = await createSink(`kafka://${broker}/${topic}?producer.thread=${thread}`);
        await sink.writeBatch(
          ['n'],
          [{ fields: { n: thread === 'true' ? 2n : 1n }, eventTime: 0 }],
        );
        await sink.flush();
        await sink.close();
      }
      const values = (await consumeAll(topic, 2)).map((m) => m.value?.toString());
      expect(values).toEqual(['{"n":1}', '{"n":2}']);
    } finally {
      await deleteTopic(topic);
    }
  });
});
