/** Subqueries in FROM (derived tables) and WITH … AS (…) common table expressions. */
import type { Case } from './lib.ts';

export function derivedCases(): Case[] {
  const cases: Case[] = [];
  const inner = [
    'SELECT id, k, a FROM t WHERE g > 0',
    'SELECT k, COUNT(*) AS n, SUM(a) AS s FROM t GROUP BY k',
    'SELECT g, MAX(c) AS m FROM t GROUP BY g',
    'SELECT id, a * 2 AS a2, c FROM t',
    'SELECT DISTINCT g FROM t',
    'SELECT id, k FROM t ORDER BY a DESC NULLS LAST, id LIMIT 5',
    'SELECT t.id, u.w FROM t JOIN u ON t.k = u.k',
  ];
  const outer = [
    (d: string) => `SELECT * FROM (${d}) d`,
    (d: string) => `SELECT * FROM (${d}) AS d`,
    (d: string) => `SELECT COUNT(*) AS n FROM (${d}) d`,
  ];
  for (const d of inner) for (const o of outer) cases.push({ sql: o(d), rowsort: true });
  for (const d of inner) {
    cases.push({ sql: `WITH d AS (${d}) SELECT * FROM d`, rowsort: true });
    cases.push({ sql: `WITH d AS (${d}) SELECT COUNT(*) AS n FROM d`, rowsort: true });
  }
  const more = [
    'SELECT d.k, d.n FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k) d WHERE d.n > 2',
    'SELECT n, COUNT(*) AS groups FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k) d GROUP BY n',
    'SELECT MAX(s) AS m, MIN(s) AS l FROM (SELECT g, SUM(a) AS s FROM t GROUP BY g) x',
    'SELECT x.id, u.uid FROM (SELECT id, k FROM t WHERE id < 8) x JOIN u ON x.k = u.k',
    'SELECT t.id, x.n FROM t JOIN (SELECT k, COUNT(*) AS n FROM u GROUP BY k) x ON t.k = x.k',
    'SELECT t.id, x.n FROM t LEFT JOIN (SELECT k, COUNT(*) AS n FROM u GROUP BY k) x ON t.k = x.k',
    'SELECT * FROM (SELECT * FROM (SELECT id, g * 2 AS g2 FROM t) a WHERE g2 > 2) b WHERE id > 4',
    'SELECT k2, COUNT(*) AS n FROM (SELECT UPPER(k) AS k2 FROM t) s GROUP BY k2',
    'WITH a AS (SELECT id, g FROM t), b AS (SELECT g, COUNT(*) AS n FROM a GROUP BY g) SELECT * FROM b',
    'WITH a AS (SELECT k, SUM(a) AS s FROM t GROUP BY k) SELECT t.id, a.s FROM t JOIN a ON t.k = a.k',
    'WITH a AS (SELECT uid, k FROM u WHERE n IS NOT NULL) SELECT t.id FROM t WHERE t.k IN (SELECT k FROM a)',
    'WITH a AS (SELECT uid, k FROM u) SELECT t.id FROM t WHERE EXISTS (SELECT uid FROM a WHERE a.k = t.k)',
    'WITH a AS (SELECT id FROM t WHERE g = 1), b AS (SELECT id FROM t WHERE g = 2) SELECT a.id, b.id AS bid FROM a, b',
    'WITH big AS (SELECT id, a FROM t WHERE a > 0) SELECT id FROM big ORDER BY a DESC LIMIT 3',
    'WITH g AS (SELECT g, COUNT(*) AS n FROM t GROUP BY g) SELECT g, n FROM g ORDER BY n DESC, g NULLS FIRST',
    'SELECT (SELECT MAX(n) FROM u) AS m, COUNT(*) AS c FROM (SELECT id FROM t) x',
  ];
  for (const sql of more) cases.push({ sql, rowsort: !sql.includes('ORDER BY') });
  return cases;
}
