/**
 * NULL semantics per operator and function (three-valued logic, NULL propagation, IS
 * DISTINCT FROM, IN with NULLs, aggregates skipping NULLs, FILTER), over every combination
 * of NULL and non-NULL operands.
 */
import type { Case, Table } from './lib.ts';

const ints = [1, 2, null];
const bools = [true, false, null];
const rows: Table['rows'] = [];
let id = 0;
for (const a of ints)
  for (const b of ints) {
    const p = bools[id % 3];
    const q = bools[Math.floor(id / 3) % 3];
    rows.push({
      id: ++id,
      a,
      b,
      p,
      q,
      s: a === null ? null : ['x', 'Ab', ''][a],
      r: b === null ? null : ['x', 'ab', 'é'][b],
      d: a === null ? null : (a * 1.25).toFixed(2),
      e: b === null ? null : (b * -0.5).toFixed(3),
      g: id % 2,
    });
  }

/** n: 9 rows, every (NULL | 1 | 2)² pair of a, b; booleans p, q; strings s, r; decimals d, e. */
export const N: Table = {
  name: 'n',
  ddl: 'id BIGINT, a BIGINT, b BIGINT, p BOOLEAN, q BOOLEAN, s VARCHAR, r VARCHAR, d DECIMAL(6,2), e DECIMAL(6,3), g BIGINT',
  rows,
  numeric: ['d', 'e'],
};

export function nullCases(): Case[] {
  const cases: Case[] = [];
  const both = (expr: string, boolean: boolean) => {
    cases.push({ sql: `SELECT id, ${expr} AS v FROM n`, rowsort: true });
    if (boolean) {
      cases.push({ sql: `SELECT id FROM n WHERE ${expr}`, rowsort: true });
      cases.push({ sql: `SELECT COUNT(*) AS c FROM n WHERE NOT (${expr}) EMIT FINAL` });
    }
  };
  const intPairs: [string, string][] = [
    ['a', 'b'],
    ['b', 'a'],
    ['a', '1'],
    ['2', 'b'],
    ['a', 'NULL'],
  ];
  const cmp = ['=', '<>', '<', '<=', '>', '>=', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM'];
  for (const [x, y] of intPairs) {
    for (const op of cmp) both(`${x} ${op} ${y}`, true);
    for (const op of ['+', '-', '*']) both(`${x} ${op} ${y}`, false);
    both(`COALESCE(${x}, ${y})`, false);
    both(`NULLIF(${x}, ${y})`, false);
    both(`${x} BETWEEN ${y} AND 2`, true);
    both(`${x} NOT BETWEEN ${y} AND 2`, true);
    both(`${x} BETWEEN 1 AND ${y}`, true);
    both(`${x} IN (${y}, 2)`, true);
    both(`${x} NOT IN (${y}, 2)`, true);
    both(`CASE WHEN ${x} = ${y} THEN 'eq' WHEN ${x} < ${y} THEN 'lt' ELSE 'other' END`, false);
    both(`CASE ${x} WHEN ${y} THEN 10 ELSE 20 END`, false);
    both(`(${x} = ${y}) IS TRUE`, true);
    both(`(${x} = ${y}) IS NOT FALSE`, true);
  }
  for (const x of ['a', 'b']) {
    both(`${x} IN (1, NULL)`, true);
    both(`${x} NOT IN (1, NULL)`, true);
    both(`${x} IS NULL`, true);
    both(`${x} IS NOT NULL`, true);
    both(`-${x}`, false);
    both(`+${x}`, false);
    both(`ABS(${x} - 2)`, false);
  }
  const boolPairs: [string, string][] = [
    ['p', 'q'],
    ['q', 'p'],
    ['p', 'TRUE'],
    ['p', 'FALSE'],
    ['NULL', 'q'],
  ];
  for (const [x, y] of boolPairs) {
    for (const op of ['AND', 'OR', '=', '<>', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM'])
      both(`${x} ${op} ${y}`, true);
    both(`NOT (${x} AND ${y})`, true);
    both(`COALESCE(${x}, ${y})`, true);
  }
  for (const x of ['p', 'q']) {
    for (const t of [
      'IS TRUE',
      'IS NOT TRUE',
      'IS FALSE',
      'IS NOT FALSE',
      'IS NULL',
      'IS NOT NULL',
    ])
      both(`${x} ${t}`, true);
    both(`NOT ${x}`, true);
  }
  const strPairs: [string, string][] = [
    ['s', 'r'],
    ['r', 's'],
    ['s', "'x'"],
  ];
  for (const [x, y] of strPairs) {
    for (const op of ['=', '<>', '<', '>=', 'IS DISTINCT FROM']) both(`${x} ${op} ${y}`, true);
    both(`${x} || ${y}`, false);
    both(`COALESCE(${x}, ${y})`, false);
    both(`${x} LIKE ${y}`, true);
  }
  for (const x of ['s', 'r']) {
    for (const f of ['UPPER', 'LOWER', 'LENGTH', 'TRIM', 'REVERSE']) both(`${f}(${x})`, false);
    both(`SUBSTRING(${x}, 1, 1)`, false);
    both(`REPLACE(${x}, 'x', 'y')`, false);
    both(`${x} LIKE '%b%'`, true);
    both(`${x} ILIKE 'A%'`, true);
  }
  const decPairs: [string, string][] = [
    ['d', 'e'],
    ['e', 'd'],
    ['d', '1.5'],
  ];
  for (const [x, y] of decPairs) {
    for (const op of ['+', '-', '*']) both(`${x} ${op} ${y}`, false);
    for (const op of ['=', '<', '>=', 'IS DISTINCT FROM']) both(`${x} ${op} ${y}`, true);
  }
  for (const x of ['d', 'e']) {
    both(`ROUND(${x}, 1)`, false);
    both(`ABS(${x})`, false);
    both(`${x} * 2`, false);
    both(`CAST(${x} AS DECIMAL(10,1))`, false);
    both(`CAST(${x} AS VARCHAR)`, false);
  }
  // Aggregates skip NULLs; FILTER (WHERE …) keeps rows whose condition is TRUE.
  const aggs = [
    'COUNT(*)',
    'COUNT(a)',
    'SUM(a)',
    'MIN(b)',
    'MAX(s)',
    'SUM(d)',
    'MIN(e)',
    'COUNT(DISTINCT a)',
    'BOOL_AND(p)',
    'BOOL_OR(q)',
  ];
  const filters = ['', ' FILTER (WHERE p)', ' FILTER (WHERE a > 1)', ' FILTER (WHERE b IS NULL)'];
  for (const agg of aggs) {
    for (const f of filters) {
      cases.push({ sql: `SELECT ${agg}${f} AS v FROM n EMIT FINAL` });
      cases.push({ sql: `SELECT g, ${agg}${f} AS v FROM n GROUP BY g EMIT FINAL`, rowsort: true });
    }
  }
  cases.push({ sql: 'SELECT SUM(a) AS v FROM n WHERE a IS NULL EMIT FINAL' });
  cases.push({ sql: 'SELECT COUNT(a) AS v, COUNT(*) AS c FROM n WHERE a IS NULL EMIT FINAL' });
  cases.push({ sql: 'SELECT * FROM n GROUP BY id, a, b, p, q, s, r, d, e, g ORDER BY id' });
  cases.push({ sql: 'SELECT a, b FROM n GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST' });
  return cases;
}
