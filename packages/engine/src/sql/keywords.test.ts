import { describe, expect, it } from 'vitest';
import { CONTEXTUAL_KEYWORDS, RESERVED_WORDS, SQL_KEYWORDS, WINDOW_KINDS } from './keywords.ts';
import { parseSql } from './parser.ts';

// The console highlights SQL_KEYWORDS; these tests hold the lists to what the parser does.
describe('keywords', () => {
  it('reserved words cannot be bare aliases; contextual keywords can', () => {
    for (const w of RESERVED_WORDS) {
      expect(parseSql(`SELECT x AS ${w.toLowerCase()} FROM t`).diagnostics.length, w).toBe(1);
    }
    for (const w of CONTEXTUAL_KEYWORDS) {
      expect(parseSql(`SELECT x AS ${w.toLowerCase()} FROM t`).diagnostics, w).toEqual([]);
    }
    expect(SQL_KEYWORDS).toEqual([...RESERVED_WORDS, ...CONTEXTUAL_KEYWORDS]);
  });
  it('every window kind parses after WINDOW', () => {
    for (const k of WINDOW_KINDS) {
      const size = k === 'SLIDING' || k === 'HOP' || k === 'HOPPING' ? '1m, 10s' : '1m';
      const sql = `SELECT COUNT(*) AS n FROM t GROUP BY k WINDOW ${k}(${size})`;
      expect(parseSql(sql).diagnostics, k).toEqual([]);
    }
  });
});
