/**
 * Expression subqueries (IN, EXISTS, scalar) whose body is a set operation or starts with
 * WITH, and set operations of SELECTs without FROM, also as join sides and subquery tables.
 */
import type { Case } from './lib.ts';

export function subqueryCases(): Case[] {
  const cases: Case[] = [];
  const ops = ['UNION ALL', 'UNION', 'INTERSECT', 'INTERSECT ALL', 'EXCEPT', 'EXCEPT ALL'];
  // Set operations of SELECTs without FROM: at the top, in FROM, in WITH, as a join side.
  for (const op of ops) {
    cases.push({ sql: `SELECT 1 AS x ${op} SELECT 2`, rowsort: true });
    cases.push({ sql: `SELECT 1 AS x ${op} SELECT 1 ${op} SELECT 3`, rowsort: true });
    cases.push({ sql: `SELECT COUNT(*) AS n FROM (SELECT 1 AS x ${op} SELECT 1) d EMIT FINAL` });
    cases.push({
      sql: `WITH c AS (SELECT 1 AS x ${op} SELECT 2) SELECT x FROM c ORDER BY x`,
    });
    cases.push({
      sql: `SELECT v.x, v.y FROM v JOIN (SELECT 1 AS x ${op} SELECT 2) d ON v.x = d.x`,
      rowsort: true,
    });
  }
  cases.push({ sql: 'SELECT 1 AS x UNION ALL SELECT 2 ORDER BY x DESC' });
  cases.push({ sql: "SELECT 'a' AS s, 1 AS n UNION ALL SELECT 'b', NULL", rowsort: true });
  // IN / NOT IN / EXISTS / scalar over a set operation.
  for (const op of ops) {
    const body = `SELECT x FROM v ${op} SELECT x FROM w`;
    cases.push({ sql: `SELECT uid FROM u WHERE uid IN (${body})`, rowsort: true });
    cases.push({ sql: `SELECT uid FROM u WHERE uid NOT IN (${body})`, rowsort: true });
    cases.push({
      sql: `SELECT uid FROM u WHERE uid IN (SELECT x FROM v WHERE x > 1 ${op} SELECT x FROM w WHERE x > 1)`,
      rowsort: true,
    });
    cases.push({
      sql: `SELECT uid FROM u WHERE EXISTS (SELECT x FROM v WHERE x = 2 ${op} SELECT x FROM w WHERE x = 4)`,
      rowsort: true,
    });
    cases.push({
      sql: `SELECT uid, (SELECT COUNT(*) FROM (${body}) d) AS n FROM u WHERE uid < 3`,
      rowsort: true,
    });
    cases.push({ sql: `SELECT uid FROM u WHERE uid IN (SELECT 1 ${op} SELECT 4)`, rowsort: true });
  }
  cases.push({
    sql: 'SELECT uid FROM u WHERE NOT EXISTS (SELECT x FROM v EXCEPT SELECT x FROM v)',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid FROM u WHERE EXISTS ((SELECT x FROM v) INTERSECT (SELECT x FROM w WHERE x = 4))',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid, (SELECT x FROM v WHERE x = 3 UNION SELECT x FROM w WHERE x = 3) AS m FROM u',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid, (SELECT x FROM v UNION ALL SELECT x FROM w ORDER BY x DESC NULLS LAST LIMIT 1) AS m FROM u WHERE uid < 3',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid, (SELECT MAX(x) FROM v UNION SELECT MAX(x) - 1 FROM w) AS m FROM u WHERE uid = 1',
    comment: 'UNION of two equal maxima is one row',
  });
  // WITH inside IN / EXISTS / scalar subqueries, also with a set operation.
  cases.push({
    sql: 'SELECT uid FROM u WHERE uid IN (WITH c AS (SELECT x FROM v WHERE x > 1) SELECT x FROM c)',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid FROM u WHERE uid IN (WITH c AS (SELECT x FROM v) SELECT x FROM c UNION SELECT x FROM w)',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid FROM u WHERE EXISTS (WITH c AS (SELECT x FROM w WHERE x = 4) SELECT * FROM c)',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid FROM u WHERE NOT EXISTS (WITH c AS (SELECT x FROM w WHERE x = 5) SELECT * FROM c)',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid, (WITH c AS (SELECT x FROM v UNION ALL SELECT x FROM w) SELECT COUNT(x) FROM c) AS n FROM u WHERE uid < 3',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid FROM u WHERE uid IN (WITH a AS (SELECT x FROM v), b AS (SELECT x FROM a WHERE x < 3) SELECT x FROM b)',
    rowsort: true,
  });
  // A WITH query is computed once: it cannot read the outer row, the subquery reading it can.
  cases.push({
    sql: 'SELECT uid, (WITH c AS (SELECT x FROM v WHERE v.x = u.uid) SELECT COUNT(*) FROM c) AS n FROM u',
    error: '"u" belongs to the query around this one',
  });
  cases.push({
    sql: 'SELECT uid FROM u WHERE uid IN (SELECT x FROM v WHERE v.y = u.k UNION SELECT x FROM w)',
    error: '"u" belongs to the query around this one',
  });
  cases.push({
    sql: 'SELECT uid, (WITH c AS (SELECT x FROM v) SELECT COUNT(*) FROM c WHERE c.x = u.uid) AS n FROM u',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT uid FROM u WHERE EXISTS (WITH c AS (SELECT x, y FROM v) SELECT 1 FROM c WHERE c.x = u.uid AND c.y IS NOT NULL)',
    rowsort: true,
  });
  // ORDER BY … LIMIT inside a single-SELECT subquery chooses the rows kept.
  for (const sql of [
    'SELECT uid, (SELECT x FROM v ORDER BY x DESC LIMIT 1) AS m FROM u',
    'SELECT uid, (SELECT x FROM v ORDER BY 1 LIMIT 1) AS m FROM u',
    'SELECT uid, (SELECT x AS z FROM w ORDER BY z DESC NULLS FIRST LIMIT 1) AS m FROM u',
    'SELECT uid, (SELECT id FROM t WHERE t.g = u.uid ORDER BY a DESC, id LIMIT 1) AS m FROM u',
    'SELECT uid, (SELECT id FROM t WHERE t.g = u.uid ORDER BY c, id DESC LIMIT 1) AS m FROM u',
    'SELECT uid FROM u WHERE uid IN (SELECT g FROM t ORDER BY id DESC LIMIT 3)',
    'SELECT uid FROM u WHERE uid NOT IN (SELECT g FROM t WHERE g IS NOT NULL ORDER BY a LIMIT 4)',
    'SELECT uid, (SELECT k FROM t GROUP BY k ORDER BY COUNT(*) DESC, k LIMIT 1) AS m FROM u WHERE uid < 3',
    'SELECT uid, (SELECT SUM(g) FROM t WHERE t.id > u.uid GROUP BY b ORDER BY SUM(g) LIMIT 1) AS m FROM u',
    'SELECT uid FROM u WHERE EXISTS (SELECT id FROM t WHERE t.g = u.uid ORDER BY id LIMIT 0)',
  ])
    cases.push({ sql, rowsort: true });
  // SELECT DISTINCT inside a subquery: duplicates count once (before LIMIT).
  for (const sql of [
    'SELECT uid, (SELECT DISTINCT x FROM v WHERE v.x = u.uid) AS m FROM u',
    'SELECT uid, (SELECT DISTINCT k FROM t WHERE t.k = u.k) AS m FROM u',
    'SELECT uid, (SELECT DISTINCT x FROM v WHERE x = 1) AS m FROM u WHERE uid < 3',
    'SELECT uid FROM u WHERE uid IN (SELECT DISTINCT x FROM v ORDER BY x LIMIT 2)',
    'SELECT uid FROM u WHERE uid IN (SELECT DISTINCT g FROM t ORDER BY g DESC LIMIT 2)',
    'SELECT uid, (SELECT DISTINCT COUNT(*) FROM v GROUP BY y HAVING COUNT(*) = 2) AS m FROM u WHERE uid = 1',
  ])
    cases.push({ sql, rowsort: true });
  // A subquery that is a SELECT without FROM (and names no column).
  for (const sql of [
    'SELECT uid FROM u WHERE uid IN (SELECT 2)',
    'SELECT uid FROM u WHERE uid NOT IN (SELECT 2) AND uid IN (SELECT x FROM v INTERSECT ALL SELECT x FROM w)',
    'SELECT uid, (SELECT 5) AS f FROM u',
    'SELECT uid, (SELECT 5 + 1 WHERE 1 = 0) AS f FROM u',
    'SELECT uid FROM u WHERE EXISTS (SELECT 1)',
    'SELECT uid FROM u WHERE NOT EXISTS (SELECT 1 WHERE 1 = 0)',
    'SELECT uid, (SELECT COUNT(*) FROM v) + (SELECT 1) AS f FROM u',
    'SELECT uid FROM u WHERE uid NOT IN (SELECT NULL)',
  ])
    cases.push({ sql, rowsort: true });
  // Correlated subqueries still work beside them.
  cases.push({
    sql: 'SELECT uid FROM u WHERE uid IN (SELECT x FROM v UNION SELECT x FROM w) AND EXISTS (SELECT 1 FROM t WHERE t.g = u.uid)',
    rowsort: true,
  });
  return cases;
}
