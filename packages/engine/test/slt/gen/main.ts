import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { aggregateCases } from './aggregates.ts';
import { T, U, V, W } from './data.ts';
import { derivedCases } from './derived.ts';
import { functionCases } from './functions.ts';
import { joinCases } from './joins.ts';
import { writeSlt } from './lib.ts';
import { N, nullCases } from './nulls.ts';
import { orderByCases } from './order-by.ts';
import { overCases } from './over.ts';
import { setOpCases } from './set-ops.ts';
import { subqueryCases } from './subqueries.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'files');
mkdirSync(dir, { recursive: true });
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const duck = await instance.connect();
let n = 0;
n += await writeSlt(
  duck,
  dir,
  'order_by.slt',
  'ORDER BY and top-N over bounded inputs (expected rows: DuckDB)',
  [T, N],
  orderByCases(),
);
n += await writeSlt(
  duck,
  dir,
  'joins.slt',
  'Joins over bounded inputs: duplicate and NULL keys, CROSS and comma joins, non-equi conditions (expected rows: DuckDB)',
  [T, U, V, W],
  joinCases(),
);
n += await writeSlt(
  duck,
  dir,
  'derived.slt',
  'Subqueries in FROM and WITH … AS (…) (expected rows: DuckDB)',
  [T, U],
  derivedCases(),
);
n += await writeSlt(
  duck,
  dir,
  'set_ops.slt',
  'UNION, INTERSECT and EXCEPT with duplicates and NULLs (expected rows: DuckDB)',
  [T, U, V, W],
  setOpCases(),
);
n += await writeSlt(
  duck,
  dir,
  'nulls.slt',
  'NULL semantics per operator, function and aggregate (expected rows: DuckDB)',
  [N],
  nullCases(),
);
n += await writeSlt(
  duck,
  dir,
  'functions.slt',
  'Scalar functions over NULLs and window functions (expected rows: DuckDB)',
  [N, T],
  functionCases(),
);
n += await writeSlt(
  duck,
  dir,
  'aggregates.slt',
  'Two-argument and approximate aggregates (expected rows: DuckDB, or written out)',
  [T],
  aggregateCases(),
);
n += await writeSlt(
  duck,
  dir,
  'subqueries.slt',
  'Set operations and WITH inside IN, EXISTS and scalar subqueries; set operations of SELECTs without FROM (expected rows: DuckDB)',
  [T, U, V, W],
  subqueryCases(),
);
n += await writeSlt(
  duck,
  dir,
  'over.slt',
  'Window functions over several ORDER BY keys and without ORDER BY, over bounded inputs (expected rows: DuckDB)',
  [T, U],
  overCases(),
);
console.log(`wrote ${n} generated queries to ${dir}`);
duck.closeSync();
instance.closeSync();
