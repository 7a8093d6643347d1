import { describe, expect, it } from 'vitest';
import { kafkaClustersOf } from './job-kafka-clusters.ts';

describe('kafkaClustersOf', () => {
  it('lists each Kafka cluster of the sources once: saved connections by name, URIs by brokers', () => {
    const sqls = [
      "SELECT a, COUNT(*) FROM 'kafka://b1:9092,b2:9092/orders?format=json' GROUP BY a",
      `SELECT o.a FROM 'kafka://@prod/orders' o JOIN 'kafka://@prod/customers' c ON o.a = c.a`,
      "SELECT a FROM 'kafka://b1:9092,b2:9092/payments' INTO 'kafka://sinks:9092/out'",
      "SELECT a FROM 'datagen://orders?seed=1'",
    ];
    expect(kafkaClustersOf(sqls)).toEqual([
      { label: 'b1:9092,b2:9092', uri: 'kafka://b1:9092,b2:9092/orders?format=json' },
      { label: '@prod', uri: 'kafka://@prod/orders' },
    ]);
  });

  it('has nothing for SQL without Kafka sources', () => {
    expect(kafkaClustersOf(["SELECT a FROM 'file:///data/in.jsonl?format=jsonl'"])).toEqual([]);
  });
});
