/**
 * Differential test against DuckDB for the batch-equivalent subset: random filter / project /
 * GROUP BY / join (duplicate and NULL keys, CROSS JOIN, non-equi) / ORDER BY + LIMIT / derived
 * table / CTE / set-operation queries over random bounded data must give the same rows in both
 * engines (in the same order under ORDER BY). Decimals are compared as strings (scale
 * included); the data is seeded and reproducible. Dialect rules that differ on purpose are
 * listed in docs/sql.md and kept out of the generated SQL.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compile,
  createPipeline,
  type EngineRecord,
  formatDiagnostic,
  inferSchema,
  readJsonLines,
  type Value,
} from '../src/index.ts';
import { createRandom, type Random } from './prng.ts';

const SEED = 20261124;
const QUERIES = 2000;
const rnd = createRandom(SEED);

function scaled(unscaled: number, scale: number): string {
  const neg = unscaled < 0;
  const digits = String(Math.abs(unscaled)).padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

const KEYS = ['x', 'y', 'ä', '日本'];
interface Row {
  k: string | null;
  g: number | null;
  a: string | null;
  c: string | null;
  b: string;
}
const t1: Row[] = Array.from({ length: 40 }, () => ({
  k: rnd.chance(0.1) ? null : rnd.pick(KEYS),
  g: rnd.chance(0.15) ? null : rnd.int(-5, 5),
  a: rnd.chance(0.1) ? null : scaled(rnd.int(-100_000, 100_000), 2),
  c: rnd.chance(0.1) ? null : scaled(rnd.int(-1_000_000, 1_000_000), 3),
  b: rnd.chance(0.2)
    ? String(9007199254740993n + BigInt(rnd.int(0, 1_000_000)) * (rnd.chance(0.5) ? 1n : -1n))
    : String(rnd.int(-1000, 1000)),
}));
const t2 = ['x', 'y', 'ä', 'z'].map((k, i) => ({ k, name: `n_${k}`, w: scaled(i * 7 - 5, 1) }));
// t3: a join side with duplicate and NULL keys (every matching row joins).
const t3 = [
  { k: 'x', v: 1 },
  { k: 'x', v: 2 },
  { k: 'y', v: 3 },
  { k: null, v: 4 },
  { k: '日本', v: 5 },
  { k: 'y', v: null },
];

const sqlString = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const jsonLine = (o: Record<string, string | number | null>, raw: string[]) =>
  `{${Object.entries(o)
    .map(([k, v]) => `"${k}": ${v === null ? 'null' : raw.includes(k) ? v : JSON.stringify(v)}`)
    .join(', ')}}`;
const t1Jsonl = t1.map((r) => jsonLine({ ...r }, ['g', 'a', 'c', 'b'])).join('\n');
const t2Jsonl = t2.map((r) => jsonLine({ ...r }, ['w'])).join('\n');
const t3Jsonl = t3.map((r) => jsonLine({ ...r }, ['v'])).join('\n');

// ---- random SQL ---------------------------------------------------------------------------
function numericExpr(r: Random, p: string): string {
  return r.pick([
    `${p}a`,
    `${p}c`,
    `${p}b`,
    `${p}g`,
    `${p}a + ${p}c`,
    `${p}a - ${p}c`,
    `${p}a * ${p}c`,
    `${p}a * 2`,
    `${p}c * ${p}g`,
    `${p}b + ${p}g`,
    `-${p}a`,
    `ABS(${p}c)`,
    `COALESCE(${p}a, 0.00)`,
  ]);
}
function anyExpr(r: Random, p: string): string {
  return r.chance(0.7)
    ? numericExpr(r, p)
    : r.pick([
        `${p}k`,
        `UPPER(${p}k)`,
        `${p}k || '_s'`,
        `LENGTH(${p}k)`,
        `CASE WHEN ${p}a > 0 THEN 'pos' ELSE 'neg' END`,
        `${p}g IS NULL`,
        `${p}a > ${p}c`,
      ]);
}
function predicate(r: Random, p: string, depth = 0): string {
  if (depth < 2 && r.chance(0.3)) {
    const op = r.pick(['AND', 'OR']);
    return `(${predicate(r, p, depth + 1)} ${op} ${predicate(r, p, depth + 1)})`;
  }
  return r.pick([
    () => `${p}a > ${scaled(r.int(-80_000, 80_000), 2)}`,
    () => `${p}c <= ${scaled(r.int(-800_000, 800_000), 3)}`,
    () => `${p}b > ${r.int(-500, 500)}`,
    () => `${p}g = ${r.int(-5, 5)}`,
    () => `${p}g IN (${r.int(-5, 0)}, ${r.int(0, 2)}, ${r.int(2, 5)})`,
    () => `${p}g BETWEEN ${r.int(-5, 0)} AND ${r.int(0, 5)}`,
    () => `${p}k = ${sqlString(r.pick(KEYS))}`,
    () => `${p}k IS NULL`,
    () => `${p}k IS NOT NULL`,
    () => `${p}a IS NULL`,
    () => `${p}a > ${p}c`,
    () => `NOT (${p}g > 0)`,
    () => `${p}k <> 'x'`,
    // Exactness beyond 2^53: these differ by less than a double can tell apart.
    () => `${p}b > ${9007199254740993n + BigInt(r.int(-500_000, 500_000))}`,
    () => `${p}b + 1 >= ${9007199254740994n + BigInt(r.int(-500_000, 500_000))}`,
    () => `${p}a * ${p}c > ${scaled(r.int(-5_000_000, 5_000_000), 5)}`,
    () =>
      `(${p}a + ${p}c) BETWEEN ${scaled(r.int(-500_000, 0), 3)} AND ${scaled(r.int(0, 500_000), 3)}`,
  ])();
}

interface Query {
  engineSql: string;
  duckSql: string;
  join: boolean;
  /** ORDER BY over every output column: the row order is defined and compared. */
  ordered?: boolean;
}

function project(r: Random): Query {
  const n = r.int(1, 4);
  const cols = Array.from({ length: n }, (_, i) => `${anyExpr(r, '')} AS c${i}`);
  const where = r.chance(0.7) ? ` WHERE ${predicate(r, '')}` : '';
  const sql = `SELECT ${cols.join(', ')} FROM t1${where}`;
  return { engineSql: sql, duckSql: sql, join: false };
}

function groupBy(r: Random): Query {
  const key = r.pick(['k', 'g', 'k, g']);
  const aggs = [
    'COUNT(*)',
    'SUM(a)',
    'SUM(c)',
    'MIN(c)',
    'MAX(b)',
    'COUNT(g)',
    'SUM(b)',
    'MIN(a)',
    'MAX(k)',
    'SUM(a * c)',
    'COUNT(DISTINCT g)',
    // Branches of one scale: DuckDB unifies CASE to one DECIMAL type, Velo (like PostgreSQL numeric) keeps each value's scale.
    'SUM(CASE WHEN g > 0 THEN a * 1.0 ELSE c END)',
    'MIN(k)',
    'SUM(b + g)',
    'COUNT(DISTINCT k)',
    'MAX(a - c)',
  ];
  const chosen = Array.from({ length: r.int(1, 4) }, (_, i) => `${r.pick(aggs)} AS a${i}`);
  const where = r.chance(0.5) ? ` WHERE ${predicate(r, '')}` : '';
  const having = r.chance(0.3) ? ` HAVING COUNT(*) > ${r.int(1, 4)}` : '';
  const base = `SELECT ${key}, ${chosen.join(', ')} FROM t1${where} GROUP BY ${key}${having}`;
  return { engineSql: `${base} EMIT FINAL`, duckSql: base, join: false };
}

function join(r: Random): Query {
  const kind = r.pick(['JOIN', 'LEFT JOIN']);
  const where = r.chance(0.5) ? ` WHERE ${predicate(r, 't1.')}` : '';
  if (r.chance(0.3)) {
    const base = `SELECT t2.name AS name, COUNT(*) AS n, SUM(t1.a) AS s FROM t1 JOIN t2 ON t1.k = t2.k${where} GROUP BY t2.name`;
    return { engineSql: `${base} EMIT FINAL`, duckSql: base, join: true };
  }
  const sql = `SELECT t1.k AS k, t2.name AS name, ${numericExpr(r, 't1.')} AS v, t2.w AS w FROM t1 ${kind} t2 ON t1.k = t2.k${where}`;
  return { engineSql: sql, duckSql: sql, join: true };
}

/** Duplicate and NULL join keys, CROSS JOIN, non-equi conditions. */
function joinDuplicates(r: Random): Query {
  const on = r.pick([
    't1.k = t3.k',
    't3.k = t1.k AND t3.v > 1',
    't1.k = t3.k AND t1.g < t3.v',
    't1.g < t3.v',
    't1.g = t3.v OR t1.k = t3.k',
  ]);
  const kind = r.pick(['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN']);
  const where = r.chance(0.5) ? ` WHERE ${predicate(r, 't1.')}` : '';
  const cols = `t1.k AS k, t3.v AS v, ${numericExpr(r, 't1.')} AS e`;
  if (r.chance(0.3)) {
    const sql = `SELECT ${cols} FROM t1 CROSS JOIN t3${where}`;
    return { engineSql: sql, duckSql: sql, join: true };
  }
  if (r.chance(0.2)) {
    const sql = `SELECT ${cols} FROM t1, t3 WHERE t1.k = t3.k${where.replace(' WHERE', ' AND')}`;
    return { engineSql: sql, duckSql: sql, join: true };
  }
  const sql = `SELECT ${cols} FROM t1 ${kind} t3 ON ${on}${where}`;
  return { engineSql: sql, duckSql: sql, join: true };
}

/** ORDER BY every output column (random directions and NULL placement), maybe with LIMIT. */
function orderBy(r: Random): Query {
  const n = r.int(1, 3);
  const cols = Array.from({ length: n }, (_, i) => `${anyExpr(r, '')} AS c${i}`);
  const keys = cols.map((_, i) => {
    const key = r.chance(0.5) ? `c${i}` : `${i + 1}`;
    return `${key}${r.pick(['', ' ASC', ' DESC'])}${r.pick(['', ' NULLS FIRST', ' NULLS LAST'])}`;
  });
  const where = r.chance(0.5) ? ` WHERE ${predicate(r, '')}` : '';
  const limit = r.chance(0.5) ? ` LIMIT ${r.int(0, 12)}` : '';
  const sql = `SELECT ${cols.join(', ')} FROM t1${where} ORDER BY ${keys.join(', ')}${limit}`;
  return { engineSql: sql, duckSql: sql, join: false, ordered: true };
}

/** A derived table or a CTE around a projection or aggregation of t1. */
function derived(r: Random): Query {
  const inner = r.chance(0.5)
    ? `SELECT k, g, ${numericExpr(r, '')} AS e FROM t1 WHERE ${predicate(r, '')}`
    : `SELECT ${r.pick(['k', 'g'])} AS key, COUNT(*) AS n, SUM(a) AS s FROM t1 GROUP BY 1`;
  const cols = inner.includes('GROUP BY') ? 'key, n, s' : 'k, g, e';
  const filter = inner.includes('GROUP BY') ? `n > ${r.int(0, 3)}` : `g IS NOT NULL`;
  const cte = r.chance(0.5);
  const body = `SELECT ${cols} FROM ${cte ? 'd' : `(${inner}) d`} WHERE ${filter}`;
  const sql = cte ? `WITH d AS (${inner}) ${body}` : body;
  if (r.chance(0.3)) {
    // The WITH stands at the start of the statement or inside the subquery.
    const inside = cte && r.chance(0.5);
    const agg = inside
      ? `SELECT COUNT(*) AS rows_ FROM (WITH d AS (${inner}) ${body}) x`
      : `${cte ? `WITH d AS (${inner}) ` : ''}SELECT COUNT(*) AS rows_ FROM (${body}) x`;
    return { engineSql: `${agg} EMIT FINAL`, duckSql: agg, join: false };
  }
  return { engineSql: sql, duckSql: sql, join: false };
}

/**
 * Set operations of two or three filtered projections with the same expression (same type):
 * mixed operators check INTERSECT's precedence, parentheses the grouping written.
 */
function setOperation(r: Random): Query {
  const e = r.chance(0.5) ? anyExpr(r, '') : r.pick(['k', 'g', 'a', 'k, g']);
  const ops = ['UNION ALL', 'UNION', 'INTERSECT', 'INTERSECT ALL', 'EXCEPT', 'EXCEPT ALL'];
  const operand = () => `SELECT ${e} FROM t1 WHERE ${predicate(r, '')}`;
  let sql = `${operand()} ${r.pick(ops)} ${operand()}`;
  if (r.chance(0.5)) {
    const third = operand();
    const op = r.pick(ops);
    sql = r.chance(0.3)
      ? `(${sql}) ${op} ${third}`
      : r.chance(0.3)
        ? `${third} ${op} (${sql})`
        : `${sql} ${op} ${third}`;
  }
  return { engineSql: sql, duckSql: sql, join: false };
}

const queries: Query[] = Array.from({ length: QUERIES }, () =>
  rnd.pick([project, groupBy, join, joinDuplicates, orderBy, orderBy, derived, setOperation])(rnd),
);

// ---- running --------------------------------------------------------------------------------
function text(v: Value | undefined): string {
  if (v === null || v === undefined) return '∅';
  if (typeof v === 'object' && 'unscaled' in v) return String(v);
  return String(v);
}

const t1Records = readJsonLines(t1Jsonl).records;
const t2Records = readJsonLines(t2Jsonl).records;
const t3Records = readJsonLines(t3Jsonl).records;
const toRecords = (values: Value[]): EngineRecord[] =>
  values.map((fields) => ({ fields: { ...(fields as Record<string, Value>) }, eventTime: 0 }));

function runEngine(q: Query): string[] {
  const schemas = {
    t1: inferSchema(toRecords(t1Records)),
    t2: inferSchema(toRecords(t2Records)),
    t3: inferSchema(toRecords(t3Records)),
  };
  const bound = ['t1', 't2', 't3'].filter((t) => new RegExp(`\\b${t}\\b`).test(q.engineSql));
  const compiled = compile(q.engineSql, { schemas, boundSources: bound });
  if (!compiled.ok || !compiled.program) {
    throw new Error(compiled.diagnostics.map(formatDiagnostic).join('\n'));
  }
  const pipeline = createPipeline(compiled.program, { nowMs: () => 0 });
  // Join sides are tables, loaded before the stream side.
  for (const [name, rs] of [
    ['t3', t3Records],
    ['t2', t2Records],
  ] as const) {
    if (!bound.includes(name)) continue;
    pipeline.push(name, toRecords(rs));
    pipeline.endOfInput(name);
  }
  pipeline.push('t1', toRecords(t1Records));
  pipeline.endOfInput('t1');
  const rows: string[] = [];
  for (const out of pipeline.takeOutput()) {
    for (const r of out.records)
      rows.push(JSON.stringify(out.columns.map((c) => text(r.fields[c]))));
  }
  const dead = pipeline.takeDeadLetters();
  if (dead.length > 0) throw new Error(`dead letters: ${dead.map((d) => d.reason).join('; ')}`);
  return q.ordered ? rows : rows.sort();
}

let duck: DuckDBConnection;
let instance: DuckDBInstance;

async function runDuck(q: Query): Promise<string[]> {
  const result = await duck.runAndReadAll(q.duckSql);
  const rows = result
    .getRowsJson()
    .map((row) => JSON.stringify(row.map((v) => (v === null ? '∅' : String(v)))));
  return q.ordered ? rows : rows.sort();
}

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await instance.connect();
  await duck.run(
    'CREATE TABLE t1 (k VARCHAR, g BIGINT, a DECIMAL(18,2), c DECIMAL(18,3), b BIGINT)',
  );
  await duck.run('CREATE TABLE t2 (k VARCHAR, name VARCHAR, w DECIMAL(10,1))');
  await duck.run('CREATE TABLE t3 (k VARCHAR, v BIGINT)');
  await duck.run(
    `INSERT INTO t3 VALUES ${t3.map((r) => `(${sqlString(r.k)}, ${r.v ?? 'NULL'})`).join(', ')}`,
  );
  await duck.run(
    `INSERT INTO t1 VALUES ${t1
      .map(
        (r) => `(${sqlString(r.k)}, ${r.g ?? 'NULL'}, ${r.a ?? 'NULL'}, ${r.c ?? 'NULL'}, ${r.b})`,
      )
      .join(', ')}`,
  );
  await duck.run(
    `INSERT INTO t2 VALUES ${t2.map((r) => `(${sqlString(r.k)}, ${sqlString(r.name)}, ${r.w})`).join(', ')}`,
  );
});

afterAll(() => {
  duck?.closeSync();
  instance?.closeSync();
});

describe(`engine vs DuckDB (seed ${SEED})`, () => {
  it.each(queries.map((q, i) => [i, q.engineSql, q] as const))('#%i %s', async (_i, _sql, q) => {
    const expected = await runDuck(q);
    const actual = runEngine(q);
    expect(actual).toEqual(expected);
  });
});
