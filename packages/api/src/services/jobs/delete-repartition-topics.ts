import { createKafkaClient, parseKafkaUri } from '@velo/connectors';
import type { Keyring } from '@velo/db';
import { type ResolvedConnection, repartitionTopicPrefix } from '@velo/runtime';
import type { Admin } from 'kafkajs';
import type { Db } from '../../db.ts';
import { getEgressPolicy } from '../../env.ts';
import { checkConnectionEgress } from '../connections/check-connection-egress.ts';
import { cleanRemoteText, withDeadline } from '../connections/probe-errors.ts';
import { describeKafkaError } from '../connections/probe-kafka.ts';
import { resolveSourceUri } from '../preview/resolve-source-uri.ts';
import { type JobKafkaCluster, kafkaClustersOf } from './job-kafka-clusters.ts';
import { savedConnectionOf } from './saved-connection-refs.ts';

/** How long the cleanup may take per cluster (clusters are cleaned side by side). */
export const REPARTITION_CLEANUP_TIMEOUT_MS = 5000;

export interface RepartitionCleanup {
  /** The topics deleted, sorted. */
  deleted: string[];
  /** Clusters that could not be cleaned, and why: their topics are left in place. */
  failed: { cluster: string; error: string }[];
}

interface CleanupInput {
  teamId: string;
  jobId: string;
  /** The SQL of every version of the job that ran with parallelism > 1. */
  sqls: string[];
}

/**
 * Deletes a deleted job's repartition topics (`velo-<job id>-rp-*`) on every Kafka cluster its
 * SQL read from. Saved connections are resolved with their secrets here; every broker passes
 * the egress policy. Never throws: a cluster that is refused, unreachable or slower than
 * `timeoutMs` is reported in `failed` and its topics stay.
 */
export async function deleteRepartitionTopics(
  deps: { db: Db; keyring?: () => Keyring },
  input: CleanupInput,
  timeoutMs = REPARTITION_CLEANUP_TIMEOUT_MS,
): Promise<RepartitionCleanup> {
  const results = await Promise.all(
    kafkaClustersOf(input.sqls).map(async (cluster) => {
      try {
        return {
          cluster: cluster.label,
          deleted: await cleanCluster(deps, input, cluster, timeoutMs),
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { cluster: cluster.label, error: cleanRemoteText(message.split('\n')[0]) };
      }
    }),
  );
  return {
    deleted: results.flatMap((r) => r.deleted ?? []).sort(),
    failed: results.flatMap((r) =>
      r.error === undefined ? [] : [{ cluster: r.cluster, error: r.error }],
    ),
  };
}

async function cleanCluster(
  deps: { db: Db; keyring?: () => Keyring },
  input: CleanupInput,
  cluster: JobKafkaCluster,
  timeoutMs: number,
): Promise<string[]> {
  let admin: Admin | undefined;
  let brokers: string[] = [];
  const work = async () => {
    let uri = cluster.uri;
    let connection: ResolvedConnection | undefined;
    if (savedConnectionOf(uri)) {
      if (!deps.keyring) throw new Error('no key to open the saved connection');
      ({ uri, connection } = await resolveSourceUri(deps.db, deps.keyring, input.teamId, uri));
    }
    const parsed = parseKafkaUri(uri, connection);
    if (typeof parsed === 'string') throw new Error(parsed);
    brokers = parsed.brokers;
    const policy = getEgressPolicy(); // also installs it for the client opened below
    await checkConnectionEgress('kafka', { brokers }, policy);
    const config = {
      ...parsed,
      params: { ...parsed.params, 'connect.retries': 0, 'request.timeout.ms': timeoutMs },
    };
    admin = createKafkaClient(config).admin({ retry: { retries: 0 } });
    await admin.connect();
    const prefix = repartitionTopicPrefix(input.jobId);
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix)).sort();
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: timeoutMs });
    return topics;
  };
  const disconnect = () => admin?.disconnect().catch(() => {});
  try {
    return await withDeadline(work(), timeoutMs, () => void disconnect());
  } catch (error) {
    throw new Error(describeKafkaError(error, brokers, timeoutMs));
  } finally {
    await disconnect();
  }
}
