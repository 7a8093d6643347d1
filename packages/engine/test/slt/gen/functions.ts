/** Scalar functions and window functions over the NULL grid and the shared tables. */
import type { Case } from './lib.ts';

export function functionCases(): Case[] {
  const cases: Case[] = [];
  const one = (expr: string) =>
    cases.push({ sql: `SELECT id, ${expr} AS v FROM n`, rowsort: true });
  for (const x of ['a', 'b']) {
    for (const f of [
      `MOD(${x} + 5, 3)`,
      `${x} % 2`,
      `POWER(${x}, 2)`,
      `SIGN(${x} - 1)`,
      `GREATEST(${x}, 1)`,
      `LEAST(${x}, 1)`,
      `CAST(${x} AS VARCHAR)`,
      `CAST(${x} AS DECIMAL(5,2))`,
      `CAST(${x} AS DOUBLE)`,
      `${x} * 1.5`,
      `${x} + 0.25`,
      `ROUND(${x} * 1.25, 1)`,
      `TRUNC(${x} * 1.25, 1)`,
      `CASE WHEN ${x} IS NULL THEN 'none' ELSE 'some' END`,
      `IFNULL(${x}, -1)`,
    ])
      one(f);
  }
  for (const x of ['s', 'r']) {
    for (const f of [
      `LEFT(${x}, 1)`,
      `RIGHT(${x}, 1)`,
      `LPAD(${x}, 3, '*')`,
      `RPAD(${x}, 3, '*')`,
      `REPEAT(${x}, 2)`,
      `STRPOS(${x}, 'b')`,
      `STARTS_WITH(${x}, 'A')`,
      `CONTAINS(${x}, 'b')`,
      `SPLIT_PART(${x} || '-z', '-', 2)`,
      `${x} || '!'`,
      `CHAR_LENGTH(${x})`,
      `LTRIM('  ' || ${x})`,
    ])
      one(f);
  }
  for (const x of ['d', 'e']) {
    for (const f of [
      `FLOOR(${x})`,
      `CEIL(${x})`,
      `ROUND(${x})`,
      `ROUND(${x}, 2)`,
      `TRUNC(${x}, 1)`,
      `${x} - 1`,
      `-${x}`,
      `${x} * ${x}`,
      `CAST(${x} AS INTEGER)`,
      `CAST(${x} AS DECIMAL(8,4))`,
      `${x} > 0`,
    ])
      one(f);
  }
  // Window functions: partitions, orderings (ascending in arrival order, descending sorted).
  const overs = [
    'ORDER BY id',
    'PARTITION BY g ORDER BY id',
    'PARTITION BY k ORDER BY id',
    'ORDER BY id DESC',
    'PARTITION BY g ORDER BY id DESC',
  ];
  const fns = [
    'ROW_NUMBER()',
    'RANK()',
    'DENSE_RANK()',
    'LAG(a)',
    'LAG(a, 2)',
    'LAG(a, 1, 0.00)',
    'LEAD(c)',
    'LEAD(c, 2)',
    'SUM(a)',
    'COUNT(*)',
    'COUNT(c)',
    'MIN(c)',
    'MAX(k)',
    'FIRST_VALUE(id)',
    'NTILE(3)',
    'PERCENT_RANK()',
    'CUME_DIST()',
    'LAST_VALUE(id)',
  ];
  for (const o of overs) {
    for (const f of fns)
      cases.push({ sql: `SELECT id, ${f} OVER (${o}) AS w FROM t`, rowsort: true });
  }
  for (const f of ['SUM(a)', 'COUNT(*)', 'MAX(c)', 'MIN(a)']) {
    for (const frame of [
      'ROWS BETWEEN 1 PRECEDING AND CURRENT ROW',
      'ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING',
      'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING',
      'ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING',
    ]) {
      cases.push({
        sql: `SELECT id, ${f} OVER (PARTITION BY g ORDER BY id ${frame}) AS w FROM t`,
        rowsort: true,
      });
    }
  }
  // LAG / LEAD … IGNORE NULLS: the n-th non-NULL value before / after the row.
  for (const f of [
    'LAG(c IGNORE NULLS)',
    'LEAD(c IGNORE NULLS)',
    'LAG(a, 2 IGNORE NULLS)',
    "LEAD(k, 1, '-' IGNORE NULLS)",
  ]) {
    for (const o of ['ORDER BY id', 'PARTITION BY g ORDER BY id', 'ORDER BY id DESC']) {
      cases.push({ sql: `SELECT id, ${f} OVER (${o}) AS w FROM t`, rowsort: true });
    }
  }
  // Several OVER clauses with different orderings in one query.
  for (const [x, y] of [
    ['ORDER BY id DESC', 'ORDER BY id'],
    ['ORDER BY id', 'ORDER BY id DESC'],
    ['PARTITION BY g ORDER BY id DESC', 'ORDER BY id'],
  ]) {
    cases.push({
      sql: `SELECT id, ROW_NUMBER() OVER (${x}) AS r1, ROW_NUMBER() OVER (${y}) AS r2 FROM t`,
      rowsort: true,
    });
    cases.push({
      sql: `SELECT id, RANK() OVER (${x}) AS r1, SUM(a) OVER (${y}) AS s FROM t`,
      rowsort: true,
    });
  }
  return cases;
}
