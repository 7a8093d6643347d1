import { expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { takeCsvRecords } from './csv-records.ts';

it('cuts after complete records only, keeping quoted newlines inside their record', () => {
  const text = 'a,b\n1,"x\ny"\n2,"open\n';
  expect(takeCsvRecords(text, 10)).toEqual({ end: 12, records: 2, lines: 3 });
  expect(parseCsv(text.slice(0, 12), { header: true }).rows).toEqual([{ a: 1n, b: 'x\ny' }]);
});

it('stops at max records, honours "" escapes, delimiters and quotes inside unquoted fields', () => {
  const text = 'x;"a""\nb"\nc"d;e\nf\n';
  expect(takeCsvRecords(text, 1, ';')).toEqual({ end: 10, records: 1, lines: 2 });
  expect(takeCsvRecords(text, 5, ';')).toEqual({ end: text.length, records: 3, lines: 4 });
});

it('counts plain lines before the first quote as records', () => {
  expect(takeCsvRecords('a,b\n1,2\n3,"x\ny"\n4,5', 10)).toEqual({ end: 16, records: 3, lines: 4 });
  expect(takeCsvRecords('a,b\n1,2\n3,4\n', 2)).toEqual({ end: 8, records: 2, lines: 2 });
  expect(takeCsvRecords('a,b\n1,2', 10)).toEqual({ end: 4, records: 1, lines: 1 });
});

it('leaves a closing quote at the very end undecided (the next chunk may hold a "" escape)', () => {
  expect(takeCsvRecords('1\n"ab"', 10)).toEqual({ end: 2, records: 1, lines: 1 });
  expect(takeCsvRecords('1\n"ab"\n', 10)).toEqual({ end: 7, records: 2, lines: 2 });
});
