/**
 * Fuzz (the engine's one parser fuzz suite): thousands of random and mutated SQL strings —
 * mutations of the conformance corpus, random token soups and mutated valid queries — never
 * crash the parser or the analyser, and every failure is a diagnostic positioned inside the
 * text. Seeded, so failures reproduce.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeProgram } from '../src/analyze/index.ts';
import { type Diagnostic, parse, validate } from '../src/index.ts';
import { parseSql } from '../src/sql/parser.ts';
import { loadCases } from './conformance/case-files.ts';
import { createRandom } from './prng.ts';

const SEED = 4242;
const corpus = loadCases(join(dirname(fileURLToPath(import.meta.url)), 'conformance', 'cases')).map(
  (c) => c.sql.replace(/^-- .*\n/gm, ''),
);
const TOKENS = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'HAVING',
  'WINDOW',
  'TUMBLING',
  'SLIDING',
  'SESSION',
  'EMIT',
  'FINAL',
  'CHANGES',
  'LIMIT',
  'INTO',
  'WITH',
  'CREATE',
  'STREAM',
  'TABLE',
  'AS',
  'JOIN',
  'LEFT',
  'ON',
  'AND',
  'OR',
  'NOT',
  'NULL',
  'IS',
  'IN',
  'BETWEEN',
  'LIKE',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CAST',
  'INTERVAL',
  'OVER',
  'PARTITION',
  'ORDER',
  'ROWS',
  'RANGE',
  'PRECEDING',
  'COUNT',
  'SUM',
  'ROUND',
  'EXISTS',
  '(',
  ')',
  ',',
  ';',
  '*',
  '+',
  '-',
  '/',
  '%',
  '=',
  '<>',
  '<',
  '>=',
  '||',
  '.',
  '[',
  ']',
  "'x'",
  "'",
  '"q"',
  '"',
  '1',
  '1.50',
  '1e3',
  '5s',
  '1m',
  'a',
  'b.c',
  'input',
  "'file:///tmp/x.jsonl'",
  '--',
  '/*',
  '*/',
  '\n',
  ' ',
  'é',
  '日本',
  '😀',
  '\u0000',
  '$',
];

function mutate(r: ReturnType<typeof createRandom>, sql: string): string {
  let s = sql;
  const steps = r.int(1, 4);
  for (let i = 0; i < steps; i++) {
    const at = r.int(0, s.length);
    switch (r.int(0, 5)) {
      case 0: // delete a span
        s = s.slice(0, at) + s.slice(Math.min(s.length, at + r.int(1, 8)));
        break;
      case 1: // insert a token
        s = `${s.slice(0, at)} ${r.pick(TOKENS)} ${s.slice(at)}`;
        break;
      case 2: // truncate
        s = s.slice(0, at);
        break;
      case 3: // duplicate a span
        s = s.slice(0, at) + s.slice(at, at + r.int(1, 20)) + s.slice(at);
        break;
      case 4: // replace a character
        s = s.slice(0, at) + String.fromCharCode(r.int(0, 0x7f)) + s.slice(at + 1);
        break;
      default: // splice another case in
        s = s.slice(0, at) + r.pick(corpus).slice(r.int(0, 30));
    }
  }
  return s;
}

function soup(r: ReturnType<typeof createRandom>): string {
  return Array.from({ length: r.int(1, 40) }, () => r.pick(TOKENS)).join(r.chance(0.8) ? ' ' : '');
}

function checkPositions(sql: string, diagnostics: Diagnostic[]): void {
  const lines = sql.split('\n').length;
  for (const d of diagnostics) {
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines + 1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.endLine).toBeGreaterThanOrEqual(d.line);
  }
}

describe(`parser fuzz (seed ${SEED})`, () => {
  it('never throws on mutated conformance SQL; errors are positioned', () => {
    expect(corpus.length).toBeGreaterThan(100);
    const r = createRandom(SEED);
    for (let i = 0; i < 4000; i++) {
      const sql = mutate(r, r.pick(corpus));
      let result: ReturnType<typeof parse>;
      try {
        result = parse(sql);
      } catch (e) {
        throw new Error(`parse threw on ${JSON.stringify(sql)}: ${(e as Error).stack}`);
      }
      checkPositions(sql, result.diagnostics);
    }
  }, 120_000);

  it('never throws on random token soup, and analysis never throws either', () => {
    const r = createRandom(SEED + 1);
    for (let i = 0; i < 3000; i++) {
      const sql = soup(r);
      let diagnostics: Diagnostic[];
      try {
        checkPositions(sql, parse(sql).diagnostics);
        diagnostics = validate(sql, {});
      } catch (e) {
        throw new Error(`threw on ${JSON.stringify(sql)}: ${(e as Error).stack}`);
      }
      checkPositions(sql, diagnostics);
    }
  }, 120_000);

  it('analysis of mutated SQL never throws', () => {
    const r = createRandom(SEED + 2);
    for (let i = 0; i < 1500; i++) {
      const sql = mutate(r, r.pick(corpus));
      try {
        checkPositions(sql, validate(sql, {}));
      } catch (e) {
        throw new Error(`validate threw on ${JSON.stringify(sql)}: ${(e as Error).stack}`);
      }
    }
  }, 120_000);
});

// Token soups and mutations of hand-written valid queries, through parseSql + analyzeProgram.
describe('parser fuzz: token soups', () => {
  function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const VOCABULARY = [
    'SELECT',
    'FROM',
    'WHERE',
    'GROUP',
    'BY',
    'HAVING',
    'WINDOW',
    'TUMBLING',
    'SLIDING',
    'SESSION',
    'EMIT',
    'FINAL',
    'CHANGES',
    'LIMIT',
    'INTO',
    'WITH',
    'CREATE',
    'STREAM',
    'TABLE',
    'AS',
    'JOIN',
    'LEFT',
    'RIGHT',
    'FULL',
    'OUTER',
    'INNER',
    'ON',
    'AND',
    'OR',
    'NOT',
    'IN',
    'IS',
    'NULL',
    'BETWEEN',
    'LIKE',
    'ILIKE',
    'ESCAPE',
    'CASE',
    'WHEN',
    'THEN',
    'ELSE',
    'END',
    'CAST',
    'EXTRACT',
    'EXISTS',
    'DISTINCT',
    'OVER',
    'PARTITION',
    'ORDER',
    'ROWS',
    'RANGE',
    'PRECEDING',
    'FOLLOWING',
    'CURRENT',
    'ROW',
    'UNBOUNDED',
    'INTERVAL',
    'MINUTE',
    'TIMESTAMP',
    'TRUE',
    'FALSE',
    'DECIMAL',
    'TUMBLE',
    'HOP',
    'COUNT',
    'SUM',
    'AVG',
    'LAG',
    'ROW_NUMBER',
    'TUMBLE_START',
    'HEADER',
    'a',
    'b',
    'o',
    'ts',
    'x.y',
    '"q"',
    '"unterminated',
    "'str'",
    "'it''s'",
    "'unterminated",
    "'kafka://h/t?x=1'",
    '0',
    '42',
    '100.00',
    '1e3',
    '-1',
    '5s',
    '1m',
    '500ms',
    '7x',
    '9999999999999999999999',
    '(',
    ')',
    ',',
    ';',
    '.',
    '*',
    '+',
    '-',
    '/',
    '%',
    '||',
    '=',
    '<>',
    '!=',
    '<',
    '<=',
    '>',
    '>=',
    '[',
    ']',
    '::',
    '-- comment\n',
    '-- @metric: m\n',
    '/* c */',
    '/* open',
    '#',
    '€',
    '😀',
    '\n',
    '\t',
  ];

  const VALID = [
    "SELECT a, b FROM 'file:///x.jsonl' WHERE a > 1",
    'SELECT customer_id, SUM(amount * quantity) AS total, COUNT(*) AS n, TUMBLE_START() AS ws FROM orders o WHERE amount > 100.00 GROUP BY customer_id WINDOW TUMBLING(1m) EMIT FINAL',
    "CREATE STREAM s AS SELECT * FROM 'kafka://h:9092/t' INTO 'file:///o.jsonl' WITH ('event.time.field' = 'ts', 'watermark.delay' = '5s')",
    'SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.customer_id = c.id',
    "SELECT a.k FROM a JOIN b ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts",
    'SELECT k, LAG(v, 1) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t',
    "SELECT CASE WHEN x IS NULL THEN 'n' WHEN x BETWEEN 1 AND 2 THEN 'b' ELSE CAST(x AS STRING) END FROM t",
    "SELECT payload.device.id, tags[0], JSON_VALUE(p, '$.a') FROM t WHERE name LIKE 'a%' AND k NOT IN (1, 2)",
    "SELECT COUNT(*) FROM t GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), k HAVING COUNT(*) > 2 EMIT CHANGES LIMIT 5",
    'SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id) AND x = (SELECT MAX(y) FROM u)',
    "-- @metric: m\nCREATE TABLE c AS SELECT id, LAST(name) AS name FROM 'file:///c.jsonl' GROUP BY id;\nSELECT * FROM c",
    'SELECT EXTRACT(HOUR FROM ts), ROUND(price, 2), a || b FROM t WINDOW SESSION(30s) GROUP BY k',
  ];

  const schemas = {
    'file:///x.jsonl': {
      columns: [
        { name: 'a', type: 'INTEGER' as const },
        { name: 'b', type: 'STRING' as const },
      ],
    },
  };

  function checkPositions(text: string, diagnostics: Diagnostic[]): void {
    const lines = text.split('\n');
    for (const d of diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.line).toBeLessThanOrEqual(lines.length);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeLessThanOrEqual(lines[d.line - 1].length + 1);
      expect(d.endLine).toBeGreaterThanOrEqual(d.line);
      expect(d.endLine).toBeLessThanOrEqual(lines.length);
      if (d.endLine === d.line) expect(d.endColumn).toBeGreaterThanOrEqual(d.column);
      expect(d.message.length).toBeGreaterThan(0);
    }
  }

  function run(text: string): void {
    let parsed: ReturnType<typeof parseSql>;
    try {
      parsed = parseSql(text);
    } catch (e) {
      throw new Error(`parseSql threw on ${JSON.stringify(text.slice(0, 300))}: ${e}`);
    }
    checkPositions(text, parsed.diagnostics);
    let analyzed: ReturnType<typeof analyzeProgram>;
    try {
      analyzed = analyzeProgram(parsed.statements, {
        schemas,
        boundSources: ['orders', 'customers', 't', 'u', 'a', 'b'],
        text,
      });
    } catch (e) {
      throw new Error(`analyzeProgram threw on ${JSON.stringify(text.slice(0, 300))}: ${e}`);
    }
    checkPositions(text, analyzed.diagnostics);
  }

  function mutate(rand: () => number, sql: string): string {
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const at = () => Math.floor(rand() * (sql.length + 1));
    switch (Math.floor(rand() * 6)) {
      case 0: {
        const i = at();
        return sql.slice(0, i) + sql.slice(i + 1 + Math.floor(rand() * 8));
      }
      case 1: {
        const i = at();
        return `${sql.slice(0, i)} ${pick(VOCABULARY)} ${sql.slice(i)}`;
      }
      case 2: {
        const words = sql.split(/(\s+)/);
        const i = Math.floor(rand() * words.length);
        const j = Math.floor(rand() * words.length);
        [words[i], words[j]] = [words[j], words[i]];
        return words.join('');
      }
      case 3:
        return sql.slice(0, at());
      case 4: {
        const i = at();
        const j = at();
        return sql.slice(0, Math.max(i, j)) + sql.slice(Math.min(i, j));
      }
      default: {
        const i = at();
        return sql.slice(0, i) + String.fromCharCode(32 + Math.floor(rand() * 95)) + sql.slice(i);
      }
    }
  }

  describe('parser fuzz', () => {
    it('never throws on random token sequences', () => {
      const rand = mulberry32(20240501);
      for (let n = 0; n < 3000; n++) {
        const len = 1 + Math.floor(rand() * 40);
        const parts: string[] = [];
        for (let i = 0; i < len; i++)
          parts.push(VOCABULARY[Math.floor(rand() * VOCABULARY.length)]);
        run(parts.join(rand() < 0.8 ? ' ' : ''));
      }
    });

    it('never throws on mutated valid queries', () => {
      const rand = mulberry32(7);
      for (const sql of VALID) {
        const { diagnostics } = parseSql(sql);
        expect(diagnostics).toEqual([]);
      }
      for (let n = 0; n < 3000; n++) {
        let sql = VALID[Math.floor(rand() * VALID.length)];
        const rounds = 1 + Math.floor(rand() * 3);
        for (let r = 0; r < rounds; r++) sql = mutate(rand, sql);
        run(sql);
      }
    });

    it('survives pathological nesting and sizes', () => {
      run('('.repeat(20_000));
      run(`SELECT ${'('.repeat(3000)}1${')'.repeat(3000)} FROM t`);
      run(`SELECT ${Array.from({ length: 3000 }, (_, i) => `a${i}`).join(' + ')} FROM t`);
      run(`SELECT ${'NOT '.repeat(5000)}a FROM t`);
      run("'".repeat(1001));
      run(');'.repeat(20_000));
      run('SELECT a FROM t WHERE '.repeat(2000));
      run('');
      run('\n\n\n');
    });
  });
});
