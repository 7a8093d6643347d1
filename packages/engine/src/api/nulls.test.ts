import { describe, expect, it } from 'vitest';
import { records, run } from './test-support.ts';

const t = records(`
{"k":"a","v":1,"ts":0}
{"k":null,"v":2,"ts":100}
{"k":"a","v":null,"ts":200}
{"k":null,"v":null,"ts":300}
`);
const WITH = "WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";

describe('NULL in every operator', () => {
  it.each([
    [
      'projection',
      "SELECT v + 1 AS w, v || 'x' AS s, COALESCE(v, 0) AS c FROM t",
      [
        '{"w":2,"s":"1x","c":1}',
        '{"w":3,"s":"2x","c":2}',
        '{"w":null,"s":null,"c":0}',
        '{"w":null,"s":null,"c":0}',
      ],
    ],
    ['filter', 'SELECT v FROM t WHERE v > 1 OR k IS NULL', ['{"v":2}', '{"v":null}']],
    ['NOT IN with a NULL in the list', 'SELECT v FROM t WHERE v NOT IN (2, NULL)', []],
    [
      'running aggregate',
      'SELECT k, COUNT(*) AS n, COUNT(v) AS nv, SUM(v) AS s FROM t GROUP BY k EMIT FINAL',
      ['{"k":"a","n":2,"nv":1,"s":1}', '{"k":null,"n":2,"nv":1,"s":2}'],
    ],
    [
      'window aggregate',
      `SELECT k, MIN(v) AS lo FROM t GROUP BY k WINDOW TUMBLING(1s) ${WITH}`,
      ['{"k":"a","lo":1}', '{"k":null,"lo":2}'],
    ],
    [
      'window function',
      'SELECT k, v, LAG(v) OVER (PARTITION BY k ORDER BY ts) AS p FROM t',
      [
        '{"k":"a","v":1,"p":null}',
        '{"k":null,"v":2,"p":null}',
        '{"k":"a","v":null,"p":1}',
        '{"k":null,"v":null,"p":2}',
      ],
    ],
    ['distinct', 'SELECT DISTINCT k FROM t', ['{"k":"a"}', '{"k":null}']],
    [
      'CASE',
      "SELECT CASE WHEN v IS NULL THEN 'none' WHEN v > 1 THEN 'big' ELSE 'small' END AS c FROM t",
      ['{"c":"small"}', '{"c":"big"}', '{"c":"none"}', '{"c":"none"}'],
    ],
  ])('%s', (_name, sql, expected) => {
    const r = run(sql as string, { t });
    expect(r.out.result ?? []).toEqual(expected);
    expect(r.dlq).toEqual([]);
  });

  it('NULL join keys never match, in both join strategies', () => {
    const u = records('{"k":null,"w":9,"ts":0}\n{"k":"a","w":8,"ts":0}');
    expect(run('SELECT t.v, u.w FROM t LEFT JOIN u ON t.k = u.k', { t, u }).out.result).toEqual([
      '{"v":1,"w":8}',
      '{"v":2,"w":null}',
      '{"v":null,"w":8}',
      '{"v":null,"w":null}',
    ]);
    const r = run(
      `SELECT t.v, u.w FROM t JOIN u ON t.k = u.k AND u.ts BETWEEN t.ts - INTERVAL '1' SECOND AND t.ts ${WITH}`,
      { t, u },
      { batch: true },
    );
    expect(r.out.result).toEqual(['{"v":1,"w":8}', '{"v":null,"w":8}']);
  });
});
