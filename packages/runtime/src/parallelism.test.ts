import { describe, expect, it } from 'vitest';
import { parallelismProblem, parallelPlan } from './parallelism.ts';

const K = 'kafka://127.0.0.1:9092/orders';
const C = 'kafka://127.0.0.1:9092/customers';

describe('parallelismProblem', () => {
  it('allows anything with parallelism 1, and stateless or _key-grouped Kafka statements in parallel', () => {
    expect(parallelismProblem(`SELECT * FROM 'datagen://orders' ORDER BY 1`, 1)).toBeNull();
    expect(
      parallelismProblem(`SELECT id, amount * 2 AS d FROM '${K}' WHERE amount > 10`, 3),
    ).toBeNull();
    expect(
      parallelismProblem(
        `SELECT _key, SUM(amount) AS s FROM '${K}' GROUP BY _key WINDOW TUMBLING(1m)`,
        3,
      ),
    ).toBeNull();
    expect(
      parallelismProblem(
        `SELECT id, ROW_NUMBER() OVER (PARTITION BY o._key ORDER BY ts) AS n FROM '${K}' o`,
        2,
      ),
    ).toBeNull();
  });

  it('refuses what would split state between tasks, saying why', () => {
    const cases: [string, string][] = [
      [
        `SELECT customer, COUNT(*) AS n FROM 'datagen://orders' GROUP BY customer`,
        'parallelism 3 is not possible: GROUP BY on columns other than the message key _key needs repartitioning by the grouping key, and repartitioning needs a Kafka source',
      ],
      [
        `SELECT customer, COUNT(*) AS n FROM '${K}?format=avro&avro.schema.file=/x.avsc' GROUP BY customer`,
        'parallelism 3 is not possible: GROUP BY on columns other than the message key _key needs repartitioning by the grouping key, and repartitioning reads JSON values (the source is format=avro)',
      ],
      [
        `SELECT customer, MAX(_partition) AS p FROM '${K}' GROUP BY customer`,
        'parallelism 3 is not possible: GROUP BY on columns other than the message key _key needs repartitioning by the grouping key, and _partition changes meaning in the repartition topic; use parallelism 1',
      ],
      [
        `SELECT UPPER(customer) AS c, COUNT(*) AS n FROM '${K}' GROUP BY UPPER(customer)`,
        'parallelism 3 is not possible: GROUP BY on columns other than the message key _key needs repartitioning by the grouping key, and repartitioning needs GROUP BY columns or fields',
      ],
      [
        `SELECT COUNT(*) AS n FROM '${K}'`,
        'parallelism 3 is not possible: an aggregate without GROUP BY combines every record in one task',
      ],
      [
        `SELECT o.c, COUNT(*) AS n FROM '${K}' o JOIN '${C}' c ON o.c = c.id AND c.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts GROUP BY o.c`,
        'parallelism 3 is not possible: keyed state or an ordering after a stream–stream join cannot be split between tasks (planned)',
      ],
      [
        `SELECT * FROM '${K}' o JOIN '${C}' c ON o.c > c.id AND c.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts`,
        'parallelism 3 is not possible: a stream–stream join needs both sides of a key in one task, through repartitioning by the join key, and repartitioning a join needs an equality between a column of each side in ON (o.k = p.k)',
      ],
      [
        `SELECT * FROM '${K}' o JOIN '${K}' p ON o.c = p.c AND p.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts`,
        'parallelism 3 is not possible: a stream–stream join needs both sides of a key in one task, through repartitioning by the join key, and a topic joined with itself would be repartitioned twice into one topic; use parallelism 1',
      ],
      [
        `SELECT * FROM '${K}' o JOIN '${C}?format=csv' c ON o.c = c.id AND c.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts`,
        'parallelism 3 is not possible: a stream–stream join needs both sides of a key in one task, through repartitioning by the join key, and repartitioning reads JSON values (the source is format=csv)',
      ],
      [
        `SELECT o._key FROM '${K}' o JOIN '${C}' c ON o.c = c.id AND c.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts`,
        'parallelism 3 is not possible: a stream–stream join needs both sides of a key in one task, through repartitioning by the join key, and _key changes meaning in the repartition topic; use parallelism 1',
      ],
      [
        `SELECT c.region, COUNT(*) AS n FROM '${K}' o JOIN '${C}' c ON o.c = c.id GROUP BY c.region`,
        "parallelism 3 is not possible: GROUP BY or OVER after a join needs the stream's message key _key among its keys (a joined stream is not repartitioned)",
      ],
      [
        `SELECT c._key, COUNT(*) AS n FROM '${K}' o JOIN '${C}' c ON o.c = c.id GROUP BY c._key`,
        "parallelism 3 is not possible: GROUP BY or OVER after a join needs the stream's message key _key among its keys (a joined stream is not repartitioned)",
      ],
      [
        `SELECT * FROM '${K}' o JOIN 'datagen://customers' c ON o.c = c.id`,
        "parallelism 3 is not possible: the table side 'datagen://customers' would differ between tasks; join a Kafka, file or PostgreSQL table",
      ],
      [
        `CREATE TABLE t AS SELECT id, COUNT(*) AS n FROM '${C}' GROUP BY _key, id;
         SELECT * FROM '${K}' o JOIN t ON o.c = t.id`,
        "parallelism 3 is not possible: the table side 't' is computed by the job from its split input, so no task would hold all of it; join a source read whole (Kafka, file or PostgreSQL)",
      ],
      [
        `SELECT * FROM 'file:///data/orders.csv' o JOIN '${C}' c ON o.c = c.id`,
        "parallelism 3 is not possible: the source 'file:///data/orders.csv' is not partitioned (only Kafka sources are split between tasks)",
      ],
      [
        `SELECT * FROM 'datagen://orders'`,
        "parallelism 3 is not possible: the source 'datagen://orders' is not partitioned (only Kafka sources are split between tasks)",
      ],
      [
        `SELECT id, LAG(amount) OVER (ORDER BY ts) AS p FROM '${K}'`,
        'parallelism 3 is not possible: OVER windows without PARTITION BY, or with different ones, cannot be split between tasks',
      ],
      [
        `CREATE STREAM s AS SELECT * FROM '${K}' INTO '${K}-out?delivery=exactly_once&transactional.id=x'`,
        'parallelism 3 is not possible: each task needs its own transactional id; remove transactional.id=',
      ],
      [
        `CREATE STREAM s AS SELECT customer, COUNT(*) AS n FROM '${K}' GROUP BY customer INTO '${K}-out' WITH ('delivery' = 'exactly_once')`,
        'parallelism 3 is not possible: a repartitioned job is at-least-once (its repartition topic may repeat records after a crash); use delivery=at_least_once or parallelism 1',
      ],
      [
        `SELECT * FROM '${K}' LIMIT 5`,
        'parallelism 3 is not possible: ORDER BY and LIMIT need every record in one task',
      ],
    ];
    for (const [sql, message] of cases) expect(parallelismProblem(sql, 3)).toBe(message);
  });

  it('repartitions keyed state on other columns of a JSON Kafka source by those fields', () => {
    expect(
      parallelPlan(
        `SELECT o.customer, SUM(amount) AS s FROM '${K}' o GROUP BY o.customer, TUMBLE(ts, INTERVAL '1' MINUTE)`,
        3,
      ),
    ).toEqual({ ok: true, repartition: { inputs: [{ sourceUri: K, keyPaths: [['customer']] }] } });
    expect(
      parallelPlan(
        `SELECT id, LAG(amount) OVER (PARTITION BY payload.device.id ORDER BY ts) AS p FROM '${K}'`,
        2,
      ),
    ).toEqual({
      ok: true,
      repartition: { inputs: [{ sourceUri: K, keyPaths: [['payload', 'device', 'id']] }] },
    });
    // grouped by the message key: the input's partitioning already fits
    expect(parallelPlan(`SELECT _key, COUNT(*) AS n FROM '${K}' GROUP BY _key`, 3)).toEqual({
      ok: true,
      repartition: null,
    });
  });

  it('runs stream–table joins in parallel: the stream split, the table read whole by every task', () => {
    for (const sql of [
      `SELECT o.id, c.name FROM '${K}' o JOIN '${C}' c ON o.c = c.id`,
      `SELECT o.id, c.name FROM '${K}' o LEFT JOIN 'file:///data/customers.csv' c ON o.c = c.id`,
      `SELECT o.id, c.name, d.x FROM '${K}' o JOIN '${C}' c ON o.c = c.id JOIN 'postgres://db/x?table=d' d ON d.id = o.id`,
      `SELECT o._key, COUNT(*) AS n FROM '${K}' o JOIN '${C}' c ON o.c = c.id GROUP BY o._key`,
    ])
      expect(parallelPlan(sql, 3)).toEqual({ ok: true, repartition: null });
  });

  it('repartitions both sides of a stream–stream join by the ON equalities, in their order', () => {
    const within = `c.ts BETWEEN o.ts - INTERVAL '5' MINUTE AND o.ts`;
    expect(
      parallelPlan(
        `SELECT o.id, c.name FROM '${K}' o JOIN '${C}' c ON c.id = o.c AND ${within} AND o.region = c.area`,
        3,
      ),
    ).toEqual({
      ok: true,
      repartition: {
        inputs: [
          { sourceUri: K, keyPaths: [['c'], ['region']] },
          { sourceUri: C, keyPaths: [['id'], ['area']] },
        ],
      },
    });
    // outer joins too: an unmatched row's key lives in one task, which emits it once
    expect(
      parallelPlan(
        `SELECT o.id, c.name FROM '${K}' o FULL JOIN '${C}' c ON o.c = c.id AND ${within}`,
        2,
      ),
    ).toEqual({
      ok: true,
      repartition: {
        inputs: [
          { sourceUri: K, keyPaths: [['c']] },
          { sourceUri: C, keyPaths: [['id']] },
        ],
      },
    });
  });
});
