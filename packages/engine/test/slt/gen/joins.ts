/** Joins over bounded inputs: duplicate and NULL keys, CROSS/comma joins, non-equi conditions. */
import type { Case } from './lib.ts';

export function joinCases(): Case[] {
  const cases: Case[] = [];
  const selects = [
    't.id, u.uid',
    't.id, t.k, u.w',
    't.id, u.n, t.a',
    'u.uid, t.g, u.w * 2 AS w2',
    't.id, u.uid, t.a + u.w AS s',
  ];
  const conditions = [
    't.k = u.k',
    'u.k = t.k',
    't.k = u.k AND t.g > 1',
    't.k = u.k AND u.n IS NOT NULL',
    't.k = u.k AND t.a < u.w',
    't.g = u.uid',
    't.g + 1 = u.uid',
    'UPPER(t.k) = UPPER(u.k)',
    't.a < u.w',
    't.id = u.uid OR t.k = u.k',
    't.id BETWEEN u.uid AND u.uid + 1',
    't.k <> u.k AND t.g = 1',
    'TRUE',
  ];
  for (const kind of ['JOIN', 'LEFT JOIN', 'INNER JOIN', 'LEFT OUTER JOIN']) {
    for (const on of conditions) {
      for (const sel of selects.slice(0, kind.startsWith('LEFT') ? 3 : 2)) {
        cases.push({ sql: `SELECT ${sel} FROM t ${kind} u ON ${on}`, rowsort: true });
      }
    }
  }
  // RIGHT and FULL joins over bounded inputs: unmatched table rows come at end of input.
  for (const kind of ['RIGHT JOIN', 'FULL JOIN', 'RIGHT OUTER JOIN', 'FULL OUTER JOIN']) {
    for (const on of conditions.slice(0, 9)) {
      cases.push({ sql: `SELECT t.id, u.uid, u.w FROM t ${kind} u ON ${on}`, rowsort: true });
    }
    cases.push({
      sql: `SELECT COUNT(*) AS n, COUNT(t.id) AS ti, COUNT(u.uid) AS ui FROM t ${kind} u ON t.k = u.k EMIT FINAL`,
    });
    cases.push({
      sql: `SELECT u.k, COUNT(t.id) AS n FROM t ${kind} u ON t.k = u.k GROUP BY u.k EMIT FINAL`,
      rowsort: true,
    });
    cases.push({ sql: `SELECT p.x, q.x AS qx FROM v p ${kind} w q ON p.x = q.x`, rowsort: true });
  }
  for (const sel of selects) {
    cases.push({ sql: `SELECT ${sel} FROM t CROSS JOIN u`, rowsort: true });
    cases.push({ sql: `SELECT ${sel} FROM t, u WHERE t.k = u.k`, rowsort: true });
    cases.push({ sql: `SELECT ${sel} FROM t, u WHERE t.g < u.uid AND u.w > 0`, rowsort: true });
  }
  // Three relations, self-joins, aggregation over joins, ORDER BY over joins.
  cases.push({
    sql: 'SELECT t.id, u.uid, v.x FROM t, u, v WHERE t.g = v.x AND t.k = u.k',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT t.id, u.uid, v.y FROM t JOIN u ON t.k = u.k JOIN v ON v.x = u.uid',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT t.id, u.uid, v.y FROM t JOIN u ON t.k = u.k LEFT JOIN v ON v.x = t.g',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT p.id, q.id AS qid FROM t p JOIN t q ON p.g = q.g AND p.id < q.id',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT p.id, q.id AS qid FROM t p, t q WHERE p.k = q.k AND p.id <> q.id',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT * FROM v p JOIN w q ON p.x = q.x',
    rowsort: true,
    expected: ['1 a 1 a', '1 a 1 a', '2 b 2 z'],
  });
  cases.push({ sql: 'SELECT * FROM v, w', rowsort: true, expected: crossVW() });
  for (const agg of ['COUNT(*)', 'SUM(u.w)', 'MAX(t.id)', 'COUNT(u.uid)', 'SUM(t.a * u.w)']) {
    cases.push({
      sql: `SELECT t.k, ${agg} AS m FROM t JOIN u ON t.k = u.k GROUP BY t.k EMIT FINAL`,
      rowsort: true,
    });
    cases.push({
      sql: `SELECT t.k, ${agg} AS m FROM t LEFT JOIN u ON t.k = u.k GROUP BY t.k EMIT FINAL`,
      rowsort: true,
    });
    cases.push({
      sql: `SELECT u.uid, ${agg} AS m FROM t CROSS JOIN u GROUP BY u.uid EMIT FINAL`,
      rowsort: true,
    });
  }
  cases.push({ sql: 'SELECT t.id, u.uid FROM t JOIN u ON t.k = u.k ORDER BY u.uid DESC, t.id' });
  cases.push({ sql: 'SELECT t.id, u.uid FROM t, u ORDER BY t.id, u.uid LIMIT 7' });
  cases.push({ sql: 'SELECT t.id, u.w FROM t LEFT JOIN u ON t.k = u.k ORDER BY 2 NULLS FIRST, 1' });
  return cases;
}

/** v × w written out: 6 × 5 rows (DuckDB names duplicate columns alike; Velo adds _2). */
function crossVW(): string[] {
  const v = ['1 a', '1 a', '2 b', 'NULL c', '3 NULL', 'NULL NULL'];
  const w = ['1 a', '2 z', 'NULL NULL', 'NULL NULL', '4 d'];
  return v.flatMap((a) => w.map((b) => `${a} ${b}`));
}
