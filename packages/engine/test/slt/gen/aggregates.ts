/** STRING_AGG / LISTAGG, COVAR_POP / COVAR_SAMP / CORR, APPROX_COUNT_DISTINCT, APPROX_PERCENTILE. */
import type { Case } from './lib.ts';

export function aggregateCases(): Case[] {
  const cases: Case[] = [];
  for (const g of ['', 'g, ']) {
    const by = g ? ' GROUP BY g' : '';
    const sort = g !== '';
    for (const agg of [
      "STRING_AGG(k, '|')",
      'STRING_AGG(k)',
      "STRING_AGG(k, ', ') FILTER (WHERE id > 4)",
      // FLOAT results: rounded, the last digits depend on the summation order.
      'ROUND(COVAR_POP(a, c), 9)',
      'ROUND(COVAR_SAMP(c, id), 9)',
      'COUNT(DISTINCT k)',
    ]) {
      cases.push({ sql: `SELECT ${g}${agg} AS v FROM t${by} EMIT FINAL`, rowsort: sort });
    }
    cases.push({
      sql: `SELECT ${g}APPROX_COUNT_DISTINCT(k) AS v FROM t${by} EMIT FINAL`,
      duck: `SELECT ${g}COUNT(DISTINCT k) AS v FROM t${by}`,
      rowsort: sort,
    });
    cases.push({
      sql: `SELECT ${g}APPROX_COUNT_DISTINCT(c) AS v FROM t${by} EMIT FINAL`,
      duck: `SELECT ${g}COUNT(DISTINCT c) AS v FROM t${by}`,
      rowsort: sort,
    });
  }
  // CORR over values without variance: NULL (as PostgreSQL); DuckDB gives NaN.
  cases.push({ sql: 'SELECT ROUND(CORR(a, c), 9) AS v FROM t EMIT FINAL' });
  cases.push({
    sql: 'SELECT g, ROUND(CORR(a, c), 9) AS v FROM t GROUP BY g EMIT FINAL',
    duck: 'SELECT 1 AS g, 2 AS v',
    expected: ['0 0.250596821', '1 -1', '2 NULL', '3 0.091457371', 'NULL 1'],
    rowsort: true,
  });
  cases.push({
    sql: 'SELECT LISTAGG(k) AS v FROM t WHERE id < 5 EMIT FINAL',
    duck: "SELECT STRING_AGG(k, '') AS v FROM t WHERE id < 5",
  });
  cases.push({
    sql: 'SELECT APPROX_PERCENTILE(id, 0.5) AS v FROM t EMIT FINAL',
    duck: 'SELECT 1 AS v',
    expected: ['8'],
  });
  cases.push({
    sql: 'SELECT APPROX_PERCENTILE(a, 0.9) AS v FROM t EMIT FINAL',
    duck: 'SELECT 1 AS v',
    expected: ['0.85'],
  });
  cases.push({
    sql: 'SELECT APPROX_PERCENTILE(c, 0) AS v FROM t EMIT FINAL',
    duck: 'SELECT 1 AS v',
    expected: ['-3.990'],
  });
  cases.push({
    sql: 'SELECT CORR(a, c) AS v FROM t WHERE id > 100 EMIT FINAL',
    duck: 'SELECT 1 AS v',
    expected: ['NULL'],
  });
  cases.push({
    sql: 'SELECT COVAR_SAMP(a, c) AS v FROM t WHERE id = 1 EMIT FINAL',
    duck: 'SELECT 1 AS v',
    expected: ['NULL'],
  });
  cases.push({
    sql: 'SELECT STRING_AGG(k, 1, 2) AS v FROM t',
    error: 'function STRING_AGG expects 1 or 2 arguments, got 3',
  });
  cases.push({
    sql: 'SELECT CORR(a) AS v FROM t',
    error: 'function CORR expects 2 arguments, got 1',
  });
  return cases;
}
