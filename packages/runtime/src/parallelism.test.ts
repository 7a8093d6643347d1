import { describe, expect, it } from 'vitest';
import { parallelismProblem } from './parallelism.ts';

const K = 'kafka://127.0.0.1:9092/orders';

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
        `SELECT customer, COUNT(*) AS n FROM '${K}' GROUP BY customer`,
        'parallelism 3 is not possible: GROUP BY on columns other than the message key _key would split each group between tasks (repartitioning by the grouping key is planned); add _key to GROUP BY if the input is keyed by it, or use parallelism 1',
      ],
      [
        `SELECT COUNT(*) AS n FROM '${K}'`,
        'parallelism 3 is not possible: an aggregate without GROUP BY combines every record in one task',
      ],
      [
        `SELECT * FROM '${K}' o JOIN '${K.replace('orders', 'customers')}' c ON o.c = c.id`,
        'parallelism 3 is not possible: a join needs all records of both sides in one task (parallel joins are planned)',
      ],
      [
        `SELECT * FROM 'datagen://orders'`,
        "parallelism 3 is not possible: the source 'datagen://orders' is not partitioned (only Kafka sources are split between tasks)",
      ],
      [
        `SELECT id, LAG(amount) OVER (PARTITION BY customer ORDER BY ts) AS p FROM '${K}'`,
        'parallelism 3 is not possible: OVER (PARTITION BY …) on columns other than the message key _key would split each partition between tasks; use parallelism 1',
      ],
      [
        `CREATE STREAM s AS SELECT * FROM '${K}' INTO '${K}-out?delivery=exactly_once&transactional.id=x'`,
        'parallelism 3 is not possible: each task needs its own transactional id; remove transactional.id=',
      ],
      [
        `SELECT * FROM '${K}' LIMIT 5`,
        'parallelism 3 is not possible: ORDER BY and LIMIT need every record in one task',
      ],
    ];
    for (const [sql, message] of cases) expect(parallelismProblem(sql, 3)).toBe(message);
  });
});
