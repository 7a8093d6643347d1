/** Shared tables of the generated suites: NULLs, duplicates, ties, non-ASCII text, decimals. */
import type { Table } from './lib.ts';

const K = ['x', 'y', 'ä', '日本', 'X', '', null];
const rowsT: Table['rows'] = [];
for (let id = 1; id <= 16; id++) {
  const g = id % 5 === 0 ? null : (id * 7) % 4;
  const a = id % 6 === 0 ? null : (((id * 37) % 200) - 100) / 100;
  const c = id % 7 === 0 ? null : (((id * 1234) % 9000) - 4500) / 1000;
  rowsT.push({
    id,
    k: K[id % K.length],
    g,
    a: a === null ? null : a.toFixed(2),
    c: c === null ? null : c.toFixed(3),
    b: id % 3 === 0,
  });
}

/** t: 16 rows; id unique; k text with NULL, '' and non-ASCII; g small ints with NULL and ties. */
export const T: Table = {
  name: 't',
  ddl: 'id BIGINT, k VARCHAR, g BIGINT, a DECIMAL(10,2), c DECIMAL(12,3), b BOOLEAN',
  rows: rowsT,
  numeric: ['a', 'c'],
};

/** u: join partner with duplicate and NULL keys. */
export const U: Table = {
  name: 'u',
  ddl: 'uid BIGINT, k VARCHAR, w DECIMAL(6,1), n BIGINT',
  rows: [
    { uid: 1, k: 'x', w: '1.5', n: 10 },
    { uid: 2, k: 'x', w: '-2.0', n: 20 },
    { uid: 3, k: 'y', w: '3.5', n: null },
    { uid: 4, k: 'z', w: null, n: 40 },
    { uid: 5, k: null, w: '0.5', n: 50 },
    { uid: 6, k: 'ä', w: '9.9', n: 60 },
  ],
  numeric: ['w'],
};

/** v: small one-column-heavy table for set operations (duplicates, NULLs). */
export const V: Table = {
  name: 'v',
  ddl: 'x BIGINT, y VARCHAR',
  rows: [
    { x: 1, y: 'a' },
    { x: 1, y: 'a' },
    { x: 2, y: 'b' },
    { x: null, y: 'c' },
    { x: 3, y: null },
    { x: null, y: null },
  ],
};

export const W: Table = {
  name: 'w',
  ddl: 'x BIGINT, y VARCHAR',
  rows: [
    { x: 1, y: 'a' },
    { x: 2, y: 'z' },
    { x: null, y: null },
    { x: null, y: null },
    { x: 4, y: 'd' },
  ],
};
