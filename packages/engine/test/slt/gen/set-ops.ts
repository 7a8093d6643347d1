/** UNION [ALL], INTERSECT [ALL], EXCEPT [ALL] with duplicates and NULLs. */
import type { Case } from './lib.ts';

export function setOpCases(): Case[] {
  const cases: Case[] = [];
  const ops = ['UNION ALL', 'UNION', 'INTERSECT', 'INTERSECT ALL', 'EXCEPT', 'EXCEPT ALL'];
  const pairs: [string, string][] = [
    ['SELECT x FROM v', 'SELECT x FROM w'],
    ['SELECT x, y FROM v', 'SELECT x, y FROM w'],
    ['SELECT y FROM v', 'SELECT y FROM w'],
    ['SELECT x FROM w', 'SELECT x FROM v'],
    ['SELECT x FROM v WHERE x > 1', 'SELECT x FROM w'],
    ['SELECT y, x FROM v', 'SELECT y, x FROM w'],
    ['SELECT x FROM v', 'SELECT x FROM v'],
    ['SELECT g FROM t', 'SELECT uid FROM u'],
    ['SELECT k FROM t', 'SELECT k FROM u'],
    ['SELECT k, g FROM t', 'SELECT k, n FROM u'],
    ['SELECT x * 2 AS x2 FROM v', 'SELECT x + 1 FROM w'],
    ['SELECT COUNT(*) AS n FROM v', 'SELECT COUNT(*) FROM w'],
    ['SELECT x, COUNT(*) AS n FROM v GROUP BY x', 'SELECT x, COUNT(*) FROM w GROUP BY x'],
  ];
  for (const op of ops) {
    for (const [a, b] of pairs) cases.push({ sql: `${a} ${op} ${b}`, rowsort: true });
    cases.push({ sql: `SELECT x FROM v ${op} SELECT x FROM w ORDER BY 1 NULLS FIRST` });
    cases.push({ sql: `SELECT x FROM v ${op} SELECT x FROM w ORDER BY x DESC LIMIT 2` });
    cases.push({ sql: `SELECT COUNT(*) AS n FROM (SELECT x FROM v ${op} SELECT x FROM w) d` });
    cases.push({
      sql: `WITH s AS (SELECT y FROM v ${op} SELECT y FROM w) SELECT y FROM s ORDER BY y NULLS FIRST`,
    });
  }
  // Chains evaluate left to right (the same as SQL when the operators are alike).
  cases.push({
    sql: 'SELECT x FROM v UNION ALL SELECT x FROM w UNION ALL SELECT x FROM v',
    rowsort: true,
  });
  cases.push({ sql: 'SELECT x FROM v UNION SELECT x FROM w UNION SELECT g FROM t', rowsort: true });
  cases.push({
    sql: 'SELECT x FROM v EXCEPT SELECT x FROM w EXCEPT SELECT g FROM t',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT x FROM v UNION ALL SELECT x FROM w EXCEPT SELECT g FROM t',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT x, y FROM v UNION ALL SELECT x FROM w',
    error: 'each UNION query must have the same number of columns (2 and 1)',
  });
  return cases;
}
