import {
  type EgressPolicy,
  egressSocketFactory,
  saslCleartextProblem,
} from '@velo/connectors/egress';
import { Kafka, type KafkaConfig as KafkaClientConfig, logLevel, type SASLOptions } from 'kafkajs';
import type { KafkaConfig, KafkaSecret } from './connection-config.ts';
import { networkProblem, ProbeTimeoutError, withDeadline } from './probe-errors.ts';

function saslOptions(config: KafkaConfig, secret: KafkaSecret | null): SASLOptions | undefined {
  if (!config.sasl) return undefined;
  const credentials = { username: config.sasl.username, password: secret?.saslPassword ?? '' };
  switch (config.sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', ...credentials };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', ...credentials };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', ...credentials };
  }
}

// The rule and its message live with the Kafka connector, which applies them to jobs too.
export { SASL_PLAIN_REFUSED } from '@velo/connectors/egress';

/**
 * Connects an admin client and fetches the cluster metadata; throws a showable Error. Every
 * socket (to the configured brokers and to those the cluster advertises) passes the egress
 * policy after DNS resolution.
 */
export async function probeKafka(
  config: KafkaConfig,
  secret: KafkaSecret | null,
  timeoutMs: number,
  policy: EgressPolicy,
): Promise<void> {
  const clientConfig: KafkaClientConfig = {
    brokers: config.brokers,
    clientId: config.clientId || 'velo-connection-test',
    ssl: config.ssl,
    sasl: saslOptions(config, secret),
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    socketFactory: egressSocketFactory(policy),
    // kafkajs logs connection errors with broker details; nothing of it may reach our logs.
    logLevel: logLevel.NOTHING,
  };
  // SASL/PLAIN sends the password as it is: only inside TLS (SCRAM never sends it).
  const cleartext = saslCleartextProblem(config.sasl?.mechanism, config.ssl);
  if (cleartext) throw new Error(cleartext);
  const admin = new Kafka(clientConfig).admin({ retry: { retries: 0 } });
  try {
    await withDeadline(
      (async () => {
        await admin.connect();
        await admin.describeCluster();
      })(),
      timeoutMs,
      () => void admin.disconnect().catch(() => {}),
    );
  } catch (error) {
    throw new Error(describeKafkaError(error, config.brokers, timeoutMs));
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export function describeKafkaError(error: unknown, brokers: string[], timeoutMs: number): string {
  if (error instanceof ProbeTimeoutError) return error.message;
  const failure = error as { message?: string; originalError?: { message?: string } };
  if ((failure.originalError as { code?: string } | undefined)?.code === 'EGRESS_DENIED') {
    return String(failure.originalError?.message);
  }
  const message = (failure.originalError?.message ?? failure.message ?? String(error)).replace(
    /^Connection error:\s*/,
    '',
  );
  // kafkajs wraps socket errors as text: "connect ECONNREFUSED 127.0.0.1:1".
  const errno = /\b(E[A-Z]{3,})\b(?:\s+(\S+))?/.exec(message);
  if (errno) {
    const network = networkProblem(errno[1], errno[2] ?? brokers[0]);
    if (network) return network;
  }
  if (/timeout/i.test(message)) return new ProbeTimeoutError(timeoutMs).message;
  if (/^Closed connection$/i.test(message)) {
    return `The broker at ${brokers.join(', ')} closed the connection; check that it is a Kafka broker and that the SSL setting matches it`;
  }
  return message;
}
