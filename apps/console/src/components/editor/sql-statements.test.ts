import { describe, expect, it } from 'vitest';
import { splitStatements, statementAt } from './sql-statements';

describe('splitStatements', () => {
  it('splits at semicolons outside strings, names and comments', () => {
    const sql = 'SELECT \';\' AS a FROM t; -- x;y\nSELECT "b;c" FROM u /* ; */;\n  \n';
    const parts = splitStatements(sql).map((r) => sql.slice(r.start, r.end).trim());
    expect(parts).toEqual(["SELECT ';' AS a FROM t", '-- x;y\nSELECT "b;c" FROM u /* ; */']);
  });

  it('skips segments with only comments and blanks', () => {
    expect(splitStatements('-- nothing\n;  ;SELECT 1').map((r) => r.index)).toEqual([0]);
  });
});

describe('statementAt', () => {
  const sql = 'SELECT 1 FROM a;\nSELECT 2 FROM b;\n';
  it('finds the statement under the cursor', () => {
    expect(statementAt(sql, 3)?.index).toBe(0);
    expect(statementAt(sql, sql.indexOf('2'))?.index).toBe(1);
  });
  it('gives the statement just ended to a cursor after its semicolon', () => {
    expect(statementAt(sql, sql.length)?.index).toBe(1);
    expect(statementAt(sql, sql.indexOf(';') + 1)?.index).toBe(0);
  });
});
