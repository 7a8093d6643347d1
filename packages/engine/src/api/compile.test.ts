import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import { compile, validate } from './compile.ts';

const options = {
  schemas: {
    trades: {
      columns: [
        { name: 'symbol', type: 'STRING' as const },
        { name: 'price', type: 'DECIMAL' as const },
      ],
    },
  },
  boundSources: ['trades'],
};

const lines = (sql: string) => validate(sql, options).map(formatDiagnostic);

describe('validate with syntax errors', () => {
  it('still analyses the statements that parsed and reports every error by position', () => {
    const sql = 'SELECT symbol FROM trades GROUP BY XXXX;\nSELECT FROM WHERE;\n';
    expect(lines(sql)).toEqual([
      'error: column "XXXX" does not exist at line 1, column 36\n  hint: did you mean "symbol"?',
      'error: expected an expression but found "FROM" at line 2, column 8',
    ]);
  });

  it('orders a syntax error before a later analysis error', () => {
    const sql = 'SELECT FROM WHERE;\nSELECT prise FROM trades;';
    expect(lines(sql)).toEqual([
      'error: expected an expression but found "FROM" at line 1, column 8',
      'error: column "prise" does not exist at line 2, column 8\n  hint: did you mean "price"?',
    ]);
  });

  it('does not report readers of a stream whose CREATE failed to parse', () => {
    const sql =
      'CREATE STREAM big AS SELECT FROM trades;\nSELECT symbol FROM big;\nSELECT x FROM nowhere;';
    expect(lines(sql).map((l) => l.split('\n')[0])).toEqual([
      'error: expected an expression but found "FROM" at line 1, column 29',
      'error: stream or table "nowhere" does not exist at line 3, column 15',
    ]);
  });

  it('compile returns the same diagnostics and no program', () => {
    const sql = 'SELECT symbol FROM trades GROUP BY XXXX;\nSELECT FROM WHERE;\n';
    const r = compile(sql, options);
    expect(r.ok).toBe(false);
    expect(r.program).toBeUndefined();
    expect(r.diagnostics).toEqual(validate(sql, options));
  });

  it('a file whose only statement is broken reports just the syntax error', () => {
    expect(lines('SELECT FROM;')).toEqual([
      'error: expected an expression but found "FROM" at line 1, column 8',
    ]);
  });
});
