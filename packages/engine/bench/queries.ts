/**
 * Nexmark queries as Velo SQL and as DuckDB SQL over the same tables. Sources: `bid`,
 * `auction`, `person` (the Nexmark generator's three event kinds, split by kind).
 */
export interface BenchQuery {
  id: string;
  title: string;
  sources: ('bid' | 'auction' | 'person')[];
  velo: string;
  duckdb: string;
  /**
   * Nexmark events generated per run = `--events` × this. Queries that read only persons and
   * auctions (4 of every 50 events) use more, so they too run long enough to reach steady state.
   */
  eventScale?: number;
  /** Events per CPU-second targets from the issue, per mode (issue 12: q0–q2 mode B 1M, q5 3M, q8 2.5M). */
  target: { A: number; B: number | null };
}

const ET = "WITH ('event.time.field' = 'date_time')";

export const QUERIES: BenchQuery[] = [
  {
    id: 'q0',
    title: 'passthrough',
    sources: ['bid'],
    velo: 'SELECT auction, bidder, price, channel, url, date_time, extra FROM bid',
    duckdb: 'SELECT auction, bidder, price, channel, url, date_time, extra FROM bid',
    target: { A: 5_000_000, B: 1_000_000 },
  },
  {
    id: 'q1',
    title: 'price * 0.908 (DECIMAL)',
    sources: ['bid'],
    velo: 'SELECT auction, bidder, price * 0.908 AS price, date_time FROM bid',
    duckdb: 'SELECT auction, bidder, price * 0.908 AS price, date_time FROM bid',
    target: { A: 5_000_000, B: 1_000_000 },
  },
  {
    id: 'q1f',
    title: 'price * 0.908 (FLOAT)',
    sources: ['bid'],
    velo: 'SELECT auction, bidder, price * 0.908e0 AS price, date_time FROM bid',
    duckdb: 'SELECT auction, bidder, price * 0.908::DOUBLE AS price, date_time FROM bid',
    target: { A: 5_000_000, B: 700_000 },
  },
  {
    id: 'q2',
    title: 'filter auction IN set',
    sources: ['bid'],
    velo: 'SELECT auction, price FROM bid WHERE auction IN (1007, 1020, 2001, 2019, 2087)',
    duckdb: 'SELECT auction, price FROM bid WHERE auction IN (1007, 1020, 2001, 2019, 2087)',
    target: { A: 5_000_000, B: 1_000_000 },
  },
  {
    id: 'q5',
    title: 'hop window count per auction',
    sources: ['bid'],
    velo: `SELECT auction, COUNT(*) AS num FROM bid GROUP BY auction WINDOW SLIDING(10s, 2s) EMIT FINAL ${ET}`,
    duckdb: `SELECT auction, ws, COUNT(*) AS num FROM (
  SELECT auction, UNNEST(generate_series((ms // 2000) * 2000 - 8000, (ms // 2000) * 2000, 2000)) AS ws FROM bid
) GROUP BY auction, ws`,
    target: { A: 3_000_000, B: null },
  },
  {
    id: 'q7',
    title: 'tumbling max price',
    sources: ['bid'],
    velo: `SELECT MAX(price) AS max_price, TUMBLE_START() AS ws FROM bid WINDOW TUMBLING(10s) EMIT FINAL ${ET}`,
    duckdb: 'SELECT ms // 10000 AS w, MAX(price) AS max_price FROM bid GROUP BY w',
    target: { A: 2_000_000, B: null },
  },
  {
    id: 'q8',
    title: 'windowed join person/auction',
    sources: ['person', 'auction'],
    eventScale: 12.5,
    velo: `SELECT p.id, p.name, a.reserve FROM person p JOIN auction a
ON p.id = a.seller AND a._event_time BETWEEN p._event_time AND p._event_time + 10000 ${ET}`,
    duckdb: `SELECT p.id, p.name, a.reserve FROM person p JOIN auction a
ON p.id = a.seller AND a.ms BETWEEN p.ms AND p.ms + 10000`,
    target: { A: 2_500_000, B: null },
  },
  {
    id: 'top10',
    title: 'ORDER BY price DESC LIMIT 10 (top-N)',
    sources: ['bid'],
    velo: 'SELECT auction, bidder, price FROM bid ORDER BY price DESC, auction, bidder LIMIT 10',
    duckdb: 'SELECT auction, bidder, price FROM bid ORDER BY price DESC, auction, bidder LIMIT 10',
    target: { A: 5_000_000, B: null },
  },
  {
    id: 'sort',
    title: 'ORDER BY price, auction (full sort)',
    sources: ['bid'],
    velo: 'SELECT auction, bidder, price FROM bid ORDER BY price, auction',
    duckdb: 'SELECT auction, bidder, price FROM bid ORDER BY price, auction',
    target: { A: 1_000_000, B: null },
  },
];
