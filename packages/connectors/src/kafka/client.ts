/**
 * A kafkajs client for a parsed Kafka URI: SASL (PLAIN, SCRAM-SHA-256/512) and TLS (CA, client
 * certificate) from the URI or the saved connection, and bounded exponential-backoff retries.
 * kafkajs's own console logger is off: failures surface as errors naming the redacted URI.
 */
import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig as KafkaJsConfig, logLevel, type SASLOptions } from 'kafkajs';
import { currentEgressPolicy } from '../egress/current.ts';
import { confineExistingFileSync } from '../egress/file-root.ts';
import { egressSocketFactory } from '../egress/resolve.ts';
import type { KafkaConfig } from './config.ts';

export function createKafkaClient(config: KafkaConfig): Kafka {
  // Under the worker's egress policy every broker socket (the configured ones and those the
  // cluster advertises) is checked after DNS resolution; the CLI configures none.
  const policy = currentEgressPolicy();
  const options = kafkaJsOptions(config);
  return new Kafka(policy ? { ...options, socketFactory: egressSocketFactory(policy) } : options);
}

/** The kafkajs client options of a parsed URI (plain data: also handed to the producer thread). */
export function kafkaJsOptions(config: KafkaConfig): KafkaJsConfig {
  const p = config.params;
  const options: KafkaJsConfig = {
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: Math.min(p['request.timeout.ms'], 10_000),
    requestTimeout: p['request.timeout.ms'],
    logLevel: logLevel.NOTHING,
    retry: {
      retries: p['connect.retries'],
      initialRetryTime: p['connect.backoff.ms'],
      maxRetryTime: p['connect.backoff.max.ms'],
      multiplier: 2,
      factor: 0.2,
    },
  };
  if (config.tls) {
    // Under the egress policy these files, like file: URIs, must lie inside VELO_FILE_ROOT.
    const policy = currentEgressPolicy();
    const read = (path: string | undefined) =>
      path === undefined
        ? undefined
        : readFileSync(policy ? confineExistingFileSync(path, policy) : path, 'utf8');
    options.ssl = {
      ca: read(config.tls.ca),
      cert: read(config.tls.cert),
      key: read(config.tls.key),
      rejectUnauthorized: config.tls.rejectUnauthorized,
    };
  }
  if (config.sasl) {
    options.sasl = {
      mechanism: config.sasl.mechanism,
      username: config.sasl.username,
      password: config.sasl.password,
    } as SASLOptions;
  }
  return options;
}

/** Wraps a client failure in an error that names the redacted URI (never the secret). */
export function kafkaError(config: KafkaConfig, action: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const secret = config.sasl?.password;
  const safe = secret ? reason.split(secret).join('***') : reason;
  return new Error(`kafka: cannot ${action} '${config.redactedUri}': ${safe}`, { cause });
}

/** Awaits a client operation; its failure names the redacted URI (kafkajs did the retrying). */
export async function named<T>(config: KafkaConfig, action: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw kafkaError(config, action, e);
  }
}
