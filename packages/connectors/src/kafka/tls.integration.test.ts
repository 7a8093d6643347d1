/**
 * TLS with a private CA and a required client certificate against a real broker: a second
 * broker of this test's own (infra/kafka-local/start-secure.sh with VELO_KAFKA_SECURITY=tls),
 * with certificates made here by openssl. Needs java, the Kafka jars and openssl.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';
import { readUntil, uniqueName } from './test-support.ts';

const SCRIPTS = resolve(import.meta.dirname, '../../../../infra/kafka-local');
const PORT = 19892 + Math.floor(Math.random() * 100) * 3;
const BROKER = `127.0.0.1:${PORT}`;
const runnable =
  spawnSync('java', ['-version']).status === 0 && spawnSync('openssl', ['version']).status === 0;
const stateDir = mkdtempSync(join(tmpdir(), 'velo-kafka-tls-'));
const certs = join(stateDir, 'certs');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  VELO_KAFKA_PORT: String(PORT),
  VELO_KAFKA_DIR: stateDir,
  VELO_KAFKA_SECURITY: 'tls',
  VELO_KAFKA_TLS_DIR: certs,
};
delete env.KAFKA_BROKERS;

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: certs, stdio: 'pipe' });
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
function makeCertificates(): void {
  execFileSync('mkdir', ['-p', certs]);
  const days = ['-days', '2'];
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    ...days,
    '-subj',
    '/CN=velo-test-ca',
  );
  writeFileSync(join(certs, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  for (const name of ['server', 'client']) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=velo-${name}`,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      ...days,
      '-extfile',
      'san.cnf',
    );
  }
  // Kafka's PEM keystore: the PKCS#8 key followed by the certificate
  execFileSync('sh', ['-c', 'cat server.key server.crt > server.pem'], { cwd: certs });
}

beforeAll(() => {
  if (!runnable) return;
  makeCertificates();
  execFileSync('bash', [join(SCRIPTS, 'start-secure.sh')], {
    env,
    stdio: 'pipe',
    timeout: 150_000,
  });
}, 160_000);

afterAll(() => {
  if (runnable) execFileSync('bash', [join(SCRIPTS, 'stop.sh')], { env, stdio: 'pipe' });
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

const RETRY = 'connect.retries=8&connect.backoff.ms=250';

describe.skipIf(!runnable)('kafka TLS', () => {
  it('writes and reads over TLS with the CA and a client certificate', async () => {
    const topic = uniqueName('velo-tls');
    const tls = `ssl=true&ssl.ca.file=${join(certs, 'ca.pem')}&ssl.cert.file=${join(certs, 'client.crt')}&ssl.key.file=${join(certs, 'client.key')}&${RETRY}`;
    const sink = await createSink(`kafka://${BROKER}/${topic}?create=true&${tls}`);
    await sink.writeBatch(['n'], [{ fields: { n: 7n }, eventTime: 0 }]);
    await sink.close();
    const source = await createSource(`kafka://${BROKER}/${topic}?${tls}`);
    const read = await readUntil(source, 1, 60_000);
    await source.close();
    expect(read.records.map((r) => r.fields)).toEqual([{ n: 7n }]);
  }, 90_000);

  it('is refused without a client certificate, with an error naming the URI', async () => {
    const uri = `kafka://${BROKER}/t?ssl=true&ssl.ca.file=${join(certs, 'ca.pem')}&connect.retries=1&connect.backoff.ms=50`;
    const error = await createSource(uri).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message.startsWith(`kafka: cannot connect to '${uri}': `)).toBe(true);
  }, 60_000);
});
