import { parse } from '@velo/engine';
import { savedConnectionOf } from './saved-connection-refs.ts';

/** A Kafka cluster a job reads from: a saved connection, or the brokers a URI names itself. */
export interface JobKafkaCluster {
  /** `@connection`, or the URI's brokers: what the audit names (never a credential). */
  label: string;
  /** One of the job's source URIs on that cluster, opened for its connection settings. */
  uri: string;
}

/** The distinct Kafka clusters the sources of these SQL texts read from, in order of appearance. */
export function kafkaClustersOf(sqls: string[]): JobKafkaCluster[] {
  const clusters = new Map<string, JobKafkaCluster>();
  for (const sql of sqls) {
    for (const { uri } of parse(sql).sources) {
      if (!uri || !/^kafka:\/\//i.test(uri)) continue;
      const saved = savedConnectionOf(uri);
      const authority = /^kafka:\/\/([^/?#]*)/i.exec(uri)?.[1] ?? '';
      const label = saved ? `@${saved.name}` : authority.replace(/^[^@]*@/, '');
      if (!clusters.has(label)) clusters.set(label, { label, uri });
    }
  }
  return [...clusters.values()];
}
