/**
 * Window functions over several ORDER BY keys (ties on a key broken by the next, each key with
 * its own direction and NULLs; peers equal on every key) and without ORDER BY (every row a
 * peer: aggregates give the whole partition's value), over bounded inputs.
 */
import type { Case } from './lib.ts';

export function overCases(): Case[] {
  const cases: Case[] = [];
  // Orderings whose last key is unique (id): ROW_NUMBER, LAG and LEAD are deterministic.
  const total = [
    'ORDER BY g, id',
    'ORDER BY g DESC, id',
    'ORDER BY g, id DESC',
    'ORDER BY g NULLS FIRST, a DESC, id',
    'ORDER BY b, k DESC NULLS FIRST, id',
    'PARTITION BY b ORDER BY g DESC NULLS LAST, c, id',
    'PARTITION BY g ORDER BY k, a DESC NULLS FIRST, id DESC',
    'ORDER BY k, g, id',
  ];
  for (const o of total) {
    for (const f of ['ROW_NUMBER()', 'LAG(id)', 'LEAD(id, 2)', 'FIRST_VALUE(id)', 'SUM(a)']) {
      cases.push({ sql: `SELECT id, ${f} OVER (${o}) AS w FROM t`, rowsort: true });
    }
  }
  // Orderings with ties on every key: peers share RANK, the RANGE frame and CUME_DIST.
  const peers = [
    'ORDER BY g, b',
    'ORDER BY g DESC, b',
    'ORDER BY b DESC, g NULLS FIRST',
    'PARTITION BY k ORDER BY b, g DESC',
    'ORDER BY k NULLS FIRST, b',
  ];
  for (const o of peers) {
    for (const f of [
      'RANK()',
      'DENSE_RANK()',
      'PERCENT_RANK()',
      'CUME_DIST()',
      'COUNT(*)',
      'SUM(a)',
      'MAX(c)',
    ]) {
      cases.push({ sql: `SELECT id, ${f} OVER (${o}) AS w FROM t`, rowsort: true });
    }
    cases.push({
      sql: `SELECT id, COUNT(*) OVER (${o} RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS w FROM t`,
      rowsort: true,
    });
    cases.push({
      sql: `SELECT id, SUM(a) OVER (${o} RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS w FROM t`,
      rowsort: true,
    });
  }
  cases.push({
    sql: 'SELECT id, SUM(a) OVER (ORDER BY g, id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS w FROM t',
    rowsort: true,
  });
  // Two windows with different multi-key orderings in one query.
  cases.push({
    sql: 'SELECT id, ROW_NUMBER() OVER (ORDER BY g, id) AS r1, ROW_NUMBER() OVER (ORDER BY b DESC, g, id DESC) AS r2, RANK() OVER (ORDER BY k, b) AS r3 FROM t',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT id, ROW_NUMBER() OVER (ORDER BY g, id) AS r FROM t ORDER BY g, id',
  });
  // Without ORDER BY: the whole partition's value on every row.
  for (const o of ['', 'PARTITION BY k', 'PARTITION BY g', 'PARTITION BY b, g']) {
    for (const f of [
      'SUM(a)',
      'COUNT(*)',
      'COUNT(g)',
      'MIN(c)',
      'MAX(k)',
      'SUM(g)',
      'RANK()',
      'DENSE_RANK()',
      'PERCENT_RANK()',
      'CUME_DIST()',
    ]) {
      cases.push({ sql: `SELECT id, ${f} OVER (${o}) AS w FROM t`, rowsort: true });
    }
    cases.push({
      sql: `SELECT id, SUM(c) OVER (${o} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS w FROM t`,
      rowsort: true,
    });
  }
  cases.push({
    sql: 'SELECT id, SUM(a) OVER () AS s, ROW_NUMBER() OVER (ORDER BY id) AS r, COUNT(*) OVER (PARTITION BY k) AS n FROM t',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT k, SUM(g) AS s, SUM(SUM(g)) OVER () AS total, COUNT(*) OVER () AS groups FROM t GROUP BY k EMIT FINAL',
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT id, a, a - MIN(a) OVER (PARTITION BY g) AS above_min FROM t WHERE a IS NOT NULL',
    rowsort: true,
  });
  // Columns of a joined relation after an OVER.
  cases.push({
    sql: 'SELECT t.id, u.uid, u.w, COUNT(*) OVER (PARTITION BY u.uid) AS n, RANK() OVER (ORDER BY u.k, t.g) AS r FROM t JOIN u ON t.k = u.k',
    rowsort: true,
  });
  return cases;
}
