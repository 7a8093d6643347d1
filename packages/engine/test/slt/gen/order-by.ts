/** ORDER BY and top-N over bounded inputs. */
import type { Case } from './lib.ts';

export function orderByCases(): Case[] {
  const cases: Case[] = [];
  const keys = ['k', 'g', 'a', 'c', 'b', 'a + c', 'ABS(c)', 'UPPER(k)', 'LENGTH(k)', 'g * 2 - 1'];
  const dirs = [
    '',
    ' ASC',
    ' DESC',
    ' NULLS FIRST',
    ' NULLS LAST',
    ' DESC NULLS FIRST',
    ' DESC NULLS LAST',
    ' ASC NULLS FIRST',
  ];
  for (const key of keys) {
    for (const dir of dirs) {
      cases.push({ sql: `SELECT id, ${key} AS s FROM t ORDER BY ${key}${dir}, id` });
    }
  }
  // Positions, output names, expressions not in the select list, several keys.
  for (const dir of ['', ' DESC']) {
    cases.push({ sql: `SELECT k, id FROM t ORDER BY 1${dir}, 2` });
    cases.push({ sql: `SELECT id, g AS grp FROM t ORDER BY grp${dir}, id DESC` });
    cases.push({ sql: `SELECT id FROM t ORDER BY c${dir}, id` });
    cases.push({ sql: `SELECT id FROM t ORDER BY g${dir} NULLS FIRST, a${dir}, id` });
    cases.push({ sql: `SELECT id, a FROM t ORDER BY 2${dir} NULLS FIRST, 1` });
    cases.push({ sql: `SELECT * FROM t ORDER BY id${dir}` });
    cases.push({ sql: `SELECT id, k FROM t WHERE g IS NOT NULL ORDER BY g${dir}, k${dir}, id` });
  }
  // Top-N.
  for (const n of [0, 1, 3, 5, 16, 100]) {
    for (const key of ['a', 'c DESC', 'k NULLS FIRST', 'g DESC NULLS LAST', 'a * c']) {
      cases.push({ sql: `SELECT id, a, c FROM t ORDER BY ${key}, id LIMIT ${n}` });
    }
  }
  // Aggregations sorted (a running aggregate over a bounded input sorts its final rows).
  for (const dir of ['', ' DESC']) {
    cases.push({ sql: `SELECT g, COUNT(*) AS n FROM t GROUP BY g ORDER BY g${dir}` });
    cases.push({ sql: `SELECT g, COUNT(*) AS n FROM t GROUP BY g ORDER BY n${dir}, g` });
    cases.push({ sql: `SELECT k, SUM(a) AS s FROM t GROUP BY k ORDER BY 2${dir}, 1` });
    cases.push({ sql: `SELECT k FROM t GROUP BY k ORDER BY COUNT(*)${dir}, k` });
    cases.push({ sql: `SELECT g, MAX(c) AS m FROM t GROUP BY 1 ORDER BY 1${dir} NULLS FIRST` });
    cases.push({ sql: `SELECT g, SUM(a) AS s FROM t GROUP BY g ORDER BY SUM(c)${dir}, g LIMIT 3` });
    cases.push({
      sql: `SELECT g, MIN(k) AS m FROM t GROUP BY g EMIT FINAL ORDER BY g${dir}`,
      duck: `SELECT g, MIN(k) AS m FROM t GROUP BY g ORDER BY g${dir}`,
    });
    cases.push({ sql: `SELECT DISTINCT g FROM t ORDER BY g${dir}` });
    cases.push({ sql: `SELECT DISTINCT k FROM t ORDER BY 1${dir} NULLS FIRST` });
  }
  // The NULL grid: every column under every direction and NULL placement, with and without LIMIT.
  for (const key of ['a', 'b', 'p', 'q', 's', 'r', 'd', 'e', 'a - b', 's || r']) {
    for (const dir of dirs) {
      cases.push({ sql: `SELECT id FROM n ORDER BY ${key}${dir}, id` });
      cases.push({ sql: `SELECT id, ${key} AS v FROM n ORDER BY 2${dir}, 1 DESC LIMIT 3` });
    }
  }
  // Errors.
  cases.push({
    sql: 'SELECT id FROM t ORDER BY 2',
    error: 'ORDER BY position 2 is not in the select list (1 to 1)',
  });
  cases.push({
    sql: 'SELECT id FROM t ORDER BY 0',
    error: 'ORDER BY position 0 is not in the select list',
  });
  cases.push({
    sql: 'SELECT DISTINCT k FROM t ORDER BY id',
    error: 'for SELECT DISTINCT, ORDER BY expressions must appear in the select list',
  });
  cases.push({
    sql: 'SELECT g FROM t GROUP BY g ORDER BY id',
    error: 'column "id" must appear in the GROUP BY clause',
  });
  cases.push({
    sql: "SELECT id FROM 'kafka://localhost:9092/orders' ORDER BY id",
    error: 'ORDER BY needs the end of its input, and "kafka://localhost:9092/orders" is unbounded',
  });
  cases.push({ sql: 'SELECT id FROM t ORDER BY nope', error: 'column "nope" does not exist' });
  return cases;
}
