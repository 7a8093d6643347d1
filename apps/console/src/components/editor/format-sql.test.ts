import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tokenize } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { formatSql } from './format-sql';

const CASES = new URL('../../../../../packages/engine/test/conformance/cases', import.meta.url)
  .pathname;

function sqlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sqlFiles(path);
    return name.endsWith('.sql') ? [path] : [];
  });
}

/** Token texts with keyword case folded: what formatting must never change. */
function words(sql: string): string[] {
  return tokenize(sql).tokens.map((t) => (t.type === 'ident' ? t.value : t.text));
}

describe('formatSql', () => {
  it('upper-cases keywords, puts each clause on its line and keeps annotations and comments', () => {
    const input = [
      '-- @metric: velo_big_orders_total',
      '-- @metric_type: counter',
      "create stream big_orders as select customer_id, sum(amount*quantity) as total, count(*) as n, tumble_start() as window_start from 'kafka://localhost:9092/orders?group_id=analytics' o where amount > 100.00 -- big ones",
      "group by customer_id window tumbling(1m) emit final into 'file:///tmp/out/big.jsonl' with ('event.time.field' = 'ts', 'watermark.delay' = '5s');select * from big_orders",
    ].join('\n');
    expect(formatSql(input)).toBe(
      [
        '-- @metric: velo_big_orders_total',
        '-- @metric_type: counter',
        'CREATE STREAM big_orders AS',
        'SELECT customer_id, SUM(amount * quantity) AS total, COUNT(*) AS n, TUMBLE_START() AS window_start',
        "FROM 'kafka://localhost:9092/orders?group_id=analytics' o",
        'WHERE amount > 100.00 -- big ones',
        'GROUP BY customer_id',
        'WINDOW TUMBLING(1m)',
        'EMIT FINAL',
        "INTO 'file:///tmp/out/big.jsonl'",
        "WITH ('event.time.field' = 'ts', 'watermark.delay' = '5s');",
        '',
        'SELECT *',
        'FROM big_orders',
        '',
      ].join('\n'),
    );
  });

  it('indents subqueries and CTEs; calls, indexes, casts and unary minus stay tight', () => {
    const input =
      "with big as (select o.*, left(name, 3) as p from 'datagen://orders' o left join customers c on o.customer_id=c.id where x in (select id from t) and y > -5 and z = a - 1) select a, cast(b as decimal(10,2)), tags[0], payload.device.id, extract(year from ts) over (partition by a order by ts) from big order by a desc limit 10";
    expect(formatSql(input)).toBe(
      [
        'WITH big AS (',
        '  SELECT o.*, LEFT(name, 3) AS p',
        "  FROM 'datagen://orders' o",
        '  LEFT JOIN customers c ON o.customer_id = c.id',
        '  WHERE x IN (',
        '    SELECT id',
        '    FROM t',
        '  ) AND y > -5 AND z = a - 1',
        ')',
        'SELECT a, CAST(b AS DECIMAL(10, 2)), tags[0], payload.device.id, EXTRACT(year FROM ts) OVER (PARTITION BY a ORDER BY ts)',
        'FROM big',
        'ORDER BY a DESC',
        'LIMIT 10',
        '',
      ].join('\n'),
    );
  });

  it('keeps block comments in place and a line inside a clause after a comment indented', () => {
    expect(formatSql('select a /* inline */, -- first\n b from t')).toBe(
      ['SELECT a /* inline */, -- first', '  b', 'FROM t', ''].join('\n'),
    );
  });

  it('leaves text that does not lex alone', () => {
    expect(formatSql("select 'unterminated")).toBeNull();
  });

  it('is idempotent and changes only whitespace and keyword case over the conformance cases', () => {
    const files = sqlFiles(CASES);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const sql = readFileSync(file, 'utf8');
      const once = formatSql(sql);
      if (once === null) continue;
      expect({ file, words: words(once) }).toEqual({ file, words: words(sql) });
      expect({ file, twice: formatSql(once) }).toEqual({ file, twice: once });
    }
  });
});
