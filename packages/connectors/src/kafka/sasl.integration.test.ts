/**
 * SASL PLAIN and SCRAM-SHA-256/512 against a real broker that requires them: a second broker
 * of this test's own (infra/kafka-local/start-secure.sh: own port and state folder), so the shared
 * broker is not touched. Needs java and the Kafka jars; skipped without java.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResolvedConnection } from '@velo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';
import { SASL_PLAIN_REFUSED } from './sasl-policy.ts';
import { readUntil, uniqueName } from './test-support.ts';

const SCRIPTS = resolve(import.meta.dirname, '../../../../infra/kafka-local');
const PORT = 19492 + Math.floor(Math.random() * 100) * 3;
const BROKER = `127.0.0.1:${PORT}`;
const hasJava = spawnSync('java', ['-version']).status === 0;
const stateDir = mkdtempSync(join(tmpdir(), 'velo-kafka-sasl-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  VELO_KAFKA_PORT: String(PORT),
  VELO_KAFKA_DIR: stateDir,
};
delete env.KAFKA_BROKERS;

beforeAll(() => {
  if (hasJava) {
    execFileSync('bash', [join(SCRIPTS, 'start-secure.sh')], {
      env,
      stdio: 'pipe',
      timeout: 150_000,
    });
  }
}, 160_000);

afterAll(() => {
  if (hasJava) execFileSync('bash', [join(SCRIPTS, 'stop.sh')], { env, stdio: 'pipe' });
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

function connection(mechanism: string, password: string): ResolvedConnection {
  return {
    name: 'secure',
    type: 'kafka',
    config: { brokers: [BROKER], ssl: false, sasl: { mechanism, username: 'velo' } },
    secret: JSON.stringify({ saslPassword: password }),
  };
}

// the broker may still be electing its controller when the port opens: retry the first connects
const RETRY = 'connect.retries=8&connect.backoff.ms=250';

describe.skipIf(!hasJava)('kafka SASL', () => {
  // PLAIN works only inside TLS, which this broker's SASL listener does not offer (see below).
  for (const mechanism of ['scram-sha-256', 'scram-sha-512']) {
    it(`writes and reads through a saved connection with SASL ${mechanism}`, async () => {
      const topic = uniqueName(`velo-sasl-${mechanism}`);
      const conn = connection(mechanism, 'velo-secret');
      const sink = await createSink(`kafka://@secure/${topic}?create=true&${RETRY}`, {
        connection: conn,
      });
      await sink.writeBatch(['n'], [{ fields: { n: 1n }, eventTime: 0, key: 'k' }]);
      await sink.close();
      const source = await createSource(`kafka://@secure/${topic}?group_id=g&${RETRY}`, {
        connection: conn,
      });
      const read = await readUntil(source, 1, 60_000);
      await source.close();
      expect(read.records.map((r) => [r.key, r.fields])).toEqual([['k', { n: 1n }]]);
    }, 90_000);
  }

  it('refuses SASL PLAIN without TLS before connecting, for sources and sinks alike', async () => {
    const conn = connection('plain', 'velo-secret');
    const expected = `${SASL_PLAIN_REFUSED} (in 'kafka://@secure/t?create=true')`;
    await expect(
      createSink('kafka://@secure/t?create=true', { connection: conn }),
    ).rejects.toMatchObject({
      message: expected,
    });
    await expect(
      createSource('kafka://@secure/t?create=true', { connection: conn }),
    ).rejects.toMatchObject({ message: expected });
  });

  it('takes SASL settings from URI parameters too', async () => {
    const topic = uniqueName('velo-sasl-uri');
    const sasl = `sasl.mechanism=scram-sha-256&sasl.username=velo&sasl.password=velo-secret&${RETRY}`;
    const sink = await createSink(`kafka://${BROKER}/${topic}?create=true&${sasl}`);
    await sink.writeBatch(['n'], [{ fields: { n: 2n }, eventTime: 0 }]);
    await sink.close();
    const source = await createSource(`kafka://${BROKER}/${topic}?${sasl}`);
    const read = await readUntil(source, 1, 60_000);
    await source.close();
    expect(read.records.map((r) => r.fields)).toEqual([{ n: 2n }]);
  }, 90_000);

  it('fails at once with a clear error for a wrong password, without showing it', async () => {
    const started = Date.now();
    const error = await createSource(`kafka://@secure/t?${RETRY}`, {
      connection: connection('scram-sha-512', 'wrong-password'),
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      /^kafka: cannot connect to 'kafka:\/\/@secure\/t\?connect\.retries=8&connect\.backoff\.ms=250': SASL SCRAM SHA512 authentication failed/,
    );
    expect(error?.message).not.toContain('wrong-password');
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 30_000);
});
