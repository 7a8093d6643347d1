/**
 * Realistic queries that must analyse without any diagnostic: guards against false errors.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../diagnostics.ts';
import { parseSql } from '../sql/parser.ts';
import type { Schema } from '../types/schema.ts';
import { analyzeProgram } from './index.ts';

const schemas: Record<string, Schema> = {
  bid: {
    columns: [
      { name: 'auction', type: 'INTEGER' },
      { name: 'bidder', type: 'INTEGER' },
      { name: 'price', type: 'INTEGER' },
      { name: 'channel', type: 'STRING' },
      { name: 'url', type: 'STRING' },
      { name: 'date_time', type: 'TIMESTAMP' },
      { name: 'extra', type: 'STRING' },
    ],
  },
  trades: {
    columns: [
      { name: 'symbol', type: 'STRING' },
      { name: 'price', type: 'DECIMAL' },
      { name: 'qty', type: 'INTEGER' },
      { name: 'ts', type: 'STRING' },
      { name: 'payload', type: 'JSON' },
    ],
  },
};
const boundSources = ['bid', 'person', 'auction', 'trades', 'orders', 'customers'];

const queries = [
  'SELECT auction, bidder, price * 0.908 AS price, date_time FROM bid',
  'SELECT auction, bidder, price * 0.908e0 AS price, date_time FROM bid',
  'SELECT auction, price FROM bid WHERE auction IN (1007, 1020, 2001, 2019, 2087)',
  "SELECT auction, COUNT(*) AS num FROM bid GROUP BY auction WINDOW SLIDING(10s, 2s) EMIT FINAL WITH ('event.time.field' = 'date_time')",
  "SELECT MAX(price) AS max_price, TUMBLE_START() AS ws FROM bid WINDOW TUMBLING(10s) EMIT FINAL WITH ('event.time.field' = 'date_time')",
  "SELECT p.id, p.name, a.reserve FROM person p JOIN auction a ON p.id = a.seller AND a.date_time BETWEEN p.date_time - INTERVAL '10' SECOND AND p.date_time",
  'SELECT channel, COUNT(DISTINCT bidder) AS bidders, SUM(price) AS total FROM bid GROUP BY channel',
  "SELECT UPPER(channel) || '-' || CAST(auction AS STRING) AS k, COALESCE(extra, 'none') AS e FROM bid WHERE url LIKE 'https://%' AND price BETWEEN 100 AND 1000",
  'SELECT symbol, ROUND(AVG(price), 2) AS avg_price, MIN(price), MAX(price), STDDEV(price), MEDIAN(price) FROM trades GROUP BY symbol HAVING COUNT(*) > 10 EMIT CHANGES',
  "SELECT symbol, payload.venue.name AS venue, payload['side'] AS side, JSON_VALUE(payload, '$.a.b') AS ab FROM trades",
  'SELECT symbol, price, LAG(price) OVER (PARTITION BY symbol ORDER BY ts) AS prev, AVG(price) OVER (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS ma10 FROM trades',
  "SELECT symbol, CASE WHEN price > 100.00 THEN 'high' WHEN price > 10 THEN 'mid' ELSE 'low' END AS band FROM trades",
  "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol, TUMBLE(ts, INTERVAL '1' MINUTE)",
  "SELECT symbol, COUNT(*) AS n, _window_start, _window_end FROM trades WINDOW SESSION(30s) GROUP BY symbol WITH ('event.time.field' = 'ts', 'event.time.format' = 'iso8601', 'watermark.delay' = '5s', 'late.policy' = 'drop')",
  "SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.customer_id = c.id WHERE c.tier <> 'free'",
  'SELECT * FROM orders o WHERE EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)',
  'SELECT o.*, (SELECT c.name FROM customers c WHERE c.id = o.customer_id) AS cname FROM orders o',
  "SELECT _key, _offset, _partition, _timestamp, HEADER('trace') AS trace, SET_HEADER('seen', 'yes') AS s FROM orders",
  "SELECT EXTRACT(HOUR FROM date_time) AS h, DATE_TRUNC('minute', date_time) AS m, COUNT(*) AS n FROM bid GROUP BY EXTRACT(HOUR FROM date_time), DATE_TRUNC('minute', date_time)",
  "SELECT * FROM 'file:///data/x.csv?format=csv&header=true' WHERE amount > 100.00 LIMIT 10",
  "SELECT station, MIN(temp) AS min, AVG(temp) AS mean, MAX(temp) AS max FROM 'file:///data/m.csv?format=csv&header=false&delimiter=%3B&columns=station,temp&types=STRING,DECIMAL' GROUP BY station EMIT FINAL",
  "CREATE TABLE totals AS SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id;\nCREATE STREAM big AS SELECT o.id, t.total FROM orders o JOIN totals t ON o.customer_id = t.customer_id INTO 'stdout://';\nSELECT * FROM big",
  "SELECT COUNT(*) AS n FROM 'datagen://nexmark?rate=1000&limit=5000' GROUP BY kind EMIT FINAL",
  'SELECT DISTINCT channel FROM bid',
  "SELECT a.symbol FROM trades a JOIN trades b ON a.symbol = b.symbol AND b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts",
  "SELECT symbol FROM trades WHERE CAST(ts AS TIMESTAMP) > NOW() - INTERVAL '1' HOUR",
  "SELECT auction, price FROM bid WHERE date_time > TIMESTAMP '2024-01-01 00:00:00' AND date_time < NOW() - INTERVAL '1' DAY",
];

describe('valid queries', () => {
  it.each(queries)('%s', (sql) => {
    const parsed = parseSql(sql);
    const analyzed = analyzeProgram(parsed.statements, { schemas, boundSources, text: sql });
    expect([...parsed.diagnostics, ...analyzed.diagnostics].map(formatDiagnostic)).toEqual([]);
  });
});
