/**
 * Fuzz: thousands of random and mutated SQL strings never crash the parser or the analyser,
 * and every failure is a diagnostic positioned inside the text. Seeded, so failures reproduce.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, parse, validate } from '../src/index.ts';
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
