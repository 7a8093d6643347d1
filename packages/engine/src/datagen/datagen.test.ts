import { describe, expect, it } from 'vitest';
import { formatJsonRow } from '../formats/json.ts';
import { Decimal } from '../types/decimal.ts';
import type { Timestamp } from '../types/value.ts';
import {
  createDatagen,
  generateDatagenBatch,
  kindOfEvent,
  lastBase0AuctionId,
  lastBase0PersonId,
  NexmarkGenerator,
  parseDatagenUri,
} from './index.ts';

describe('parseDatagenUri', () => {
  it('parses generators and parameters', () => {
    expect(parseDatagenUri('datagen://orders?rate=100&seed=1&limit=1000')).toEqual({
      generator: 'orders',
      rate: 100,
      seed: 1,
      limit: 1000,
    });
    expect(parseDatagenUri('datagen://nexmark?kind=bid&start=2024-01-01T00:00:00Z')).toEqual({
      generator: 'nexmark',
      kinds: ['bid'],
      start: Date.UTC(2024, 0, 1),
    });
    expect(parseDatagenUri('datagen://trades?start=now&event.time.field=ts')).toEqual({
      generator: 'trades',
      start: 'now',
    });
  });

  it('reports bad URIs', () => {
    expect(parseDatagenUri('datagen://foo')).toEqual({
      error: "unknown datagen generator 'foo' (expected orders, trades, nexmark or customers)",
    });
    expect(parseDatagenUri('datagen://orders?rate=abc')).toEqual({
      error: "invalid datagen parameter rate='abc'",
    });
    expect(parseDatagenUri('datagen://orders?rate=0')).toEqual({
      error: "invalid datagen parameter rate='0'",
    });
    expect(parseDatagenUri('datagen://orders?limit=1.5')).toEqual({
      error: "invalid datagen parameter limit='1.5'",
    });
    expect(parseDatagenUri('datagen://orders?limit=-1')).toEqual({
      error: "invalid datagen parameter limit='-1'",
    });
    expect(parseDatagenUri('datagen://orders?seed=-3')).toEqual({ generator: 'orders', seed: -3 });
    expect(parseDatagenUri('datagen://nexmark?kind=car')).toEqual({
      error: "unknown nexmark event kind 'car' (expected person, auction or bid)",
    });
    expect(parseDatagenUri('datagen://orders?kind=bid')).toEqual({
      error: 'datagen parameter kind applies to nexmark only',
    });
  });
});

describe('orders and trades', () => {
  it('generates typed, deterministic orders spaced by the rate', () => {
    const a = createDatagen({ generator: 'orders', rate: 100, seed: 1, limit: 5 });
    const first = a.nextBatch(3);
    const rest = a.nextBatch(10);
    expect(rest.length).toBe(2);
    expect(a.done).toBe(true);
    expect(a.nextBatch(10)).toEqual([]);
    const all = [...first, ...rest];
    expect(all.map((r) => r.eventTime)).toEqual(
      [0, 10, 20, 30, 40].map((d) => 1_700_000_000_000 + d),
    );
    for (const [i, r] of all.entries()) {
      expect(r.fields.order_id).toBe(BigInt(i + 1));
      expect(typeof r.fields.customer_id).toBe('bigint');
      expect(typeof r.fields.product).toBe('string');
      expect(r.fields.amount).toBeInstanceOf(Decimal);
      expect((r.fields.amount as Decimal).scale).toBe(2);
      expect(typeof r.fields.quantity).toBe('bigint');
      expect((r.fields.ts as Timestamp).ms).toBe(r.eventTime);
      expect(Object.keys(r.fields)).toEqual([
        'order_id',
        'customer_id',
        'product',
        'amount',
        'quantity',
        'ts',
      ]);
    }
    const again = createDatagen({ generator: 'orders', rate: 100, seed: 1, limit: 5 }).nextBatch(5);
    expect(again.map((r) => formatJsonRow(r.fields))).toEqual(
      all.map((r) => formatJsonRow(r.fields)),
    );
    const other = createDatagen({ generator: 'orders', rate: 100, seed: 2, limit: 5 }).nextBatch(5);
    expect(other.map((r) => formatJsonRow(r.fields))).not.toEqual(
      all.map((r) => formatJsonRow(r.fields)),
    );
  });

  it('generates trades with DECIMAL prices', () => {
    const rows = createDatagen({ generator: 'trades', seed: 3, limit: 200 }).nextBatch(1000);
    expect(rows.length).toBe(200);
    const symbols = new Set(rows.map((r) => r.fields.symbol));
    expect(symbols.size).toBe(8);
    for (const r of rows) {
      expect((r.fields.price as Decimal).scale).toBe(2);
      expect(['BUY', 'SELL']).toContain(r.fields.side);
      expect(Object.keys(r.fields)).toEqual([
        'trade_id',
        'symbol',
        'price',
        'volume',
        'side',
        'ts',
      ]);
    }
    expect(rows[1].eventTime - rows[0].eventTime).toBe(1);
  });

  it('generates the bounded customers table joinable with orders', () => {
    expect(parseDatagenUri('datagen://customers')).toEqual({ generator: 'customers', limit: 1000 });
    const spec = parseDatagenUri('datagen://customers?seed=4');
    if ('error' in spec) throw new Error(spec.error);
    const src = createDatagen(spec);
    const rows = src.nextBatch(5000);
    expect(rows.length).toBe(1000);
    expect(src.done).toBe(true);
    expect(rows.map((r) => r.fields.customer_id)).toEqual(rows.map((_, i) => BigInt(i + 1)));
    expect(Object.keys(rows[0].fields)).toEqual([
      'customer_id',
      'name',
      'email',
      'country',
      'tier',
      'signup_ts',
    ]);
    const orders = createDatagen({ generator: 'orders', limit: 500 }).nextBatch(500);
    expect(
      orders.every(
        (o) => (o.fields.customer_id as bigint) >= 1n && (o.fields.customer_id as bigint) <= 1000n,
      ),
    ).toBe(true);
  });

  it('paces output by wall-clock time when nowMs is given', () => {
    const src = createDatagen({ generator: 'orders', rate: 10 });
    expect(src.nextBatch(100, 5000).length).toBe(1);
    expect(src.nextBatch(100, 5050).length).toBe(0);
    expect(src.nextBatch(100, 6000).length).toBe(10);
    expect(src.done).toBe(false);
  });

  it('resumes from a position', () => {
    const a = createDatagen({ generator: 'trades', seed: 9 });
    a.nextBatch(7);
    const pos = a.position;
    const expected = a.nextBatch(5).map((r) => formatJsonRow(r.fields));
    const b = createDatagen({ generator: 'trades', seed: 9 });
    b.seek(pos);
    expect(b.nextBatch(5).map((r) => formatJsonRow(r.fields))).toEqual(expected);
  });
});

describe('nexmark', () => {
  it('mixes person/auction/bid 1:3:46 by event id', () => {
    const counts = { person: 0, auction: 0, bid: 0 };
    for (let i = 0; i < 5000; i++) counts[kindOfEvent(i)]++;
    expect(counts).toEqual({ person: 100, auction: 300, bid: 4600 });
    expect([0, 1, 2, 3, 4, 49, 50].map(kindOfEvent)).toEqual([
      'person',
      'auction',
      'auction',
      'auction',
      'bid',
      'bid',
      'person',
    ]);
  });

  it('computes the last ids like the reference', () => {
    expect(lastBase0PersonId(0)).toBe(0);
    expect(lastBase0PersonId(49)).toBe(0);
    expect(lastBase0PersonId(50)).toBe(1);
    expect(lastBase0AuctionId(1)).toBe(0);
    expect(lastBase0AuctionId(3)).toBe(2);
    expect(lastBase0AuctionId(10)).toBe(2);
    expect(lastBase0AuctionId(50)).toBe(2);
    expect(lastBase0AuctionId(51)).toBe(3);
  });

  it('generates records with the Nexmark schema and event-time spacing', () => {
    const rows = createDatagen({ generator: 'nexmark', seed: 1, rate: 1000, limit: 100 }).nextBatch(
      100,
    );
    expect(rows[0].fields.kind).toBe('person');
    expect(rows[0].fields.id).toBe(1000n);
    expect(Object.keys(rows[0].fields)).toEqual([
      'kind',
      'id',
      'name',
      'email_address',
      'credit_card',
      'city',
      'state',
      'date_time',
      'extra',
    ]);
    expect(rows[1].fields.kind).toBe('auction');
    expect(rows[1].fields.id).toBe(1000n);
    expect(rows[3].fields.id).toBe(1002n);
    expect(Object.keys(rows[1].fields)).toEqual([
      'kind',
      'id',
      'item_name',
      'description',
      'initial_bid',
      'reserve',
      'date_time',
      'expires',
      'seller',
      'category',
      'extra',
    ]);
    const bid = rows[4];
    expect(Object.keys(bid.fields)).toEqual([
      'kind',
      'auction',
      'bidder',
      'price',
      'channel',
      'url',
      'date_time',
      'extra',
    ]);
    expect(rows.map((r) => r.eventTime)).toEqual(rows.map((_, i) => 1_700_000_000_000 + i));
    for (const r of rows) expect((r.fields.date_time as Timestamp).ms).toBe(r.eventTime);
    expect(rows[51].fields.id).toBe(1003n); // second epoch's first auction
    expect(rows[50].fields.id).toBe(1001n); // second person
  });

  it('has the reference distributions', () => {
    const gen = new NexmarkGenerator({ seed: 5 });
    let hot = 0;
    let bids = 0;
    let prices = 0;
    let hotChannels = 0;
    const n = 50_000;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const r = gen.event(i);
      if (r.fields.kind !== 'bid') continue;
      bids++;
      const auction = Number(r.fields.auction) - 1000;
      const last = lastBase0AuctionId(i);
      if (auction > last + 10 || auction < Math.max(last - 100, 0)) outOfRange++;
      if (auction === Math.floor(last / 100) * 100) hot++;
      const price = Number(r.fields.price);
      if (price < 100 || price > 100_000_000) outOfRange++;
      if (price < 100_000) prices++; // 10^(6u)·100 < 10^5 ⇔ u < 0.5
      if (['Google', 'Facebook', 'Baidu', 'Apple'].includes(r.fields.channel as string))
        hotChannels++;
      const bidder = Number(r.fields.bidder) - 1000;
      if (bidder > lastBase0PersonId(i) + 10) outOfRange++;
    }
    expect(outOfRange).toBe(0);
    expect(bids).toBe(46_000);
    // hot auction ratio 2: P(hot) ≈ 1/2 plus random picks that land on the hot one
    expect(hot / bids).toBeGreaterThan(0.49);
    expect(hot / bids).toBeLessThan(0.53);
    expect(prices / bids).toBeGreaterThan(0.48);
    expect(prices / bids).toBeLessThan(0.52);
    expect(hotChannels / bids).toBeGreaterThan(0.985);
  });

  it('keeps average record sizes near the reference byte sizes', () => {
    const rows = generateDatagenBatch({ generator: 'nexmark', kinds: ['bid'] }, 2000);
    const avgExtra = rows.reduce((s, r) => s + (r.fields.extra as string).length, 0) / rows.length;
    expect(avgExtra).toBeGreaterThan(60);
    expect(avgExtra).toBeLessThan(76);
  });

  it('filters kinds and stays deterministic', () => {
    const bids = createDatagen({
      generator: 'nexmark',
      kinds: ['bid'],
      limit: 10,
      seed: 2,
    }).nextBatch(100);
    expect(bids.length).toBe(10);
    expect(bids.every((r) => r.fields.kind === 'bid')).toBe(true);
    expect(bids[0].eventTime).toBe(1_700_000_000_000); // event 4 at 10k ev/s: 0.4 ms, floored
    const again = generateDatagenBatch({ generator: 'nexmark', kinds: ['bid'], seed: 2 }, 10);
    expect(again.map((r) => formatJsonRow(r.fields))).toEqual(
      bids.map((r) => formatJsonRow(r.fields)),
    );
    expect(formatJsonRow(bids[0].fields)).toMatch(
      /^\{"kind":"bid","auction":\d+,"bidder":\d+,"price":\d+,"channel":"[^"]+","url":"https:\/\/www\.nexmark\.com\/[^"]+","date_time":"2023-11-14T22:13:20\.000Z","extra":"[a-z ]*"\}$/,
    );
  });

  it('generates fast in memory', () => {
    generateDatagenBatch({ generator: 'nexmark' }, 20_000);
    const t0 = performance.now();
    const rows = generateDatagenBatch({ generator: 'nexmark' }, 200_000, 20_000);
    const seconds = (performance.now() - t0) / 1000;
    expect(rows.length).toBe(200_000);
    expect(200_000 / seconds).toBeGreaterThan(50_000);
  });
});

describe('datagenSchema', () => {
  it('matches what the generators produce', async () => {
    const { datagenSchema } = await import('./index.ts');
    const { inferSchema } = await import('../types/schema.ts');
    for (const generator of ['orders', 'trades', 'customers'] as const) {
      const rows = createDatagen({ generator, limit: 200 }).nextBatch(200);
      // The declared precision is the generator's bound (orders DECIMAL(10,2), trades
      // DECIMAL(12,2)); a sample has fewer digits, so precision is compared below, not here.
      const withoutPrecision = (columns: { precision?: number }[]) =>
        columns.map(({ precision: _, ...c }) => c);
      const declared = datagenSchema({ generator }).columns;
      const sampled = inferSchema(rows).columns;
      expect(withoutPrecision(declared)).toEqual(withoutPrecision(sampled));
      const many = inferSchema(createDatagen({ generator, limit: 20_000 }).nextBatch(20_000));
      for (const [i, c] of declared.entries()) {
        if (c.type !== 'DECIMAL') {
          expect(c.precision).toBeUndefined();
          continue;
        }
        expect(many.columns[i].precision).toBeLessThanOrEqual(c.precision as number);
        expect(many.columns[i].precision).toBeGreaterThanOrEqual(5);
      }
    }
    expect(datagenSchema({ generator: 'orders' }).columns[3]).toEqual({
      name: 'amount',
      type: 'DECIMAL',
      precision: 10,
      scale: 2,
    });
    expect(datagenSchema({ generator: 'trades' }).columns[2]).toEqual({
      name: 'price',
      type: 'DECIMAL',
      precision: 12,
      scale: 2,
    });
    const bids = generateDatagenBatch({ generator: 'nexmark', kinds: ['bid'] }, 200);
    expect(datagenSchema({ generator: 'nexmark', kinds: ['bid'] })).toEqual(inferSchema(bids));
    const all = generateDatagenBatch({ generator: 'nexmark' }, 200);
    const names = datagenSchema({ generator: 'nexmark' }).columns.map((c) => c.name);
    expect(names).toEqual(inferSchema(all).columns.map((c) => c.name));
  });
});
