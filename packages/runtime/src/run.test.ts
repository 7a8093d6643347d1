import {
  type CompiledProgram,
  compile,
  type EngineRecord,
  formatJsonRow,
  inferSchema,
  readJsonLines,
  type Schema,
  type Value,
} from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { ArraySource, MemorySink } from './memory.ts';
import { runProgram, startRun } from './run.ts';
import type { Checkpoint, RunDeadLetter, RunOutput } from './run-types.ts';
import type { Source } from './types.ts';

function records(jsonl: string): EngineRecord[] {
  return readJsonLines(jsonl.trim()).records.map((v) => ({
    fields: v as Record<string, Value>,
    eventTime: 0,
  }));
}

function program(sql: string, samples: Record<string, EngineRecord[]>): CompiledProgram {
  const schemas: Record<string, Schema> = {};
  for (const [id, rs] of Object.entries(samples)) schemas[id] = inferSchema(rs);
  const c = compile(sql, { schemas, boundSources: Object.keys(samples) });
  if (!c.ok || !c.program) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
  return c.program;
}

const rows = (rs: EngineRecord[]) => rs.map((r) => formatJsonRow(r.fields));

const orders = records(
  [
    '{"id": 1, "customer": 10, "amount": 5.50, "ts": 1000}',
    '{"id": 2, "customer": 20, "amount": 7.25, "ts": 2000}',
    '{"id": 3, "customer": 10, "amount": 1.00, "ts": 3000}',
    '{"id": 4, "customer": 30, "amount": 2.00, "ts": 4000}',
  ].join('\n'),
);

/** n orders over 3 customers, one per second of event time. */
function manyOrders(n: number): EngineRecord[] {
  return records(
    Array.from(
      { length: n },
      (_, i) => `{"id": ${i}, "customer": ${i % 3}, "amount": 1.5, "ts": ${i * 1000}}`,
    ).join('\n'),
  );
}

describe('run loop', () => {
  it('runs a bounded aggregation to its end and writes the exact rows to the INTO sink', async () => {
    const sql =
      "CREATE STREAM totals AS SELECT customer, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY customer EMIT FINAL INTO 'memory://totals'";
    const sink = new MemorySink('memory://totals');
    const outputs: RunOutput[] = [];
    const summary = await runProgram({
      program: program(sql, { orders }),
      sources: { orders: new ArraySource('memory://orders', orders) },
      sinks: { 'memory://totals': sink },
      onOutput: (o) => {
        outputs.push(o);
      },
    });
    expect(summary.reason).toBe('end');
    expect(sink.columns).toEqual(['customer', 'total', 'n']);
    expect(rows(sink.durable)).toEqual([
      '{"customer":10,"total":"6.50","n":2}',
      '{"customer":20,"total":"7.25","n":1}',
      '{"customer":30,"total":"2.00","n":1}',
    ]);
    expect(outputs.map((o) => [o.sink, o.kind, o.into, o.records.length])).toEqual([
      ['memory://totals', 'stream', 'memory://totals', 3],
    ]);
    expect(summary.metrics.recordsIn).toBe(4);
    expect(summary.metrics.sinks['memory://totals']).toEqual({
      recordsOut: 3,
      bytesOut: 0,
      batches: 1,
    });
  });

  it('loads the table side of a join before the stream side', async () => {
    const customers = records('{"id": 10, "name": "Ada"}\n{"id": 20, "name": "Bo"}');
    const sql = 'SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id';
    const order: string[] = [];
    const spy = (id: string, s: Source): Source => ({
      uri: s.uri,
      bounded: s.bounded,
      readBatch: async (n) => {
        order.push(id);
        return s.readBatch(n);
      },
      commit: (p) => s.commit(p),
      close: () => s.close(),
    });
    const out: string[] = [];
    await runProgram({
      program: program(sql, { orders, customers }),
      // The stream side is unbounded and listed first: it must still wait for the table.
      sources: {
        orders: spy('orders', new ArraySource('memory://orders', orders, { bounded: false })),
        customers: spy('customers', new ArraySource('memory://customers', customers)),
      },
      batchSize: 1,
      limits: { maxOutputRows: 3 },
      onOutput: (o) => {
        out.push(...rows(o.records));
      },
    });
    expect(order.slice(0, 3)).toEqual(['customers', 'customers', 'orders']);
    expect(out).toEqual(['{"id":1,"name":"Ada"}', '{"id":2,"name":"Bo"}', '{"id":3,"name":"Ada"}']);
  });

  it('releases the stream side when an unbounded table side reports tableLoaded', async () => {
    const customers = records('{"id": 10, "name": "Ada"}\n{"id": 20, "name": "Bo"}');
    const sql = 'SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id';
    const prog = program(sql, { orders, customers });
    expect(prog.tableSources).toEqual(['customers']);
    const table = new ArraySource('memory://customers', customers, {
      bounded: false,
      asTable: true,
    });
    const out: string[] = [];
    const summary = await runProgram({
      program: prog,
      sources: {
        orders: new ArraySource('memory://orders', orders, { bounded: false }),
        customers: table,
      },
      batchSize: 1,
      limits: { maxOutputRows: 3 },
      onOutput: (o) => {
        out.push(...rows(o.records));
      },
    });
    expect(summary.reason).toBe('limit');
    expect(out).toEqual(['{"id":1,"name":"Ada"}', '{"id":2,"name":"Bo"}', '{"id":3,"name":"Ada"}']);
    expect(summary.metrics.sources.customers.recordsIn).toBe(2);
  });

  it('takes a silent unbounded table side as loaded after tableIdleMs', async () => {
    const customers = records('{"id": 10, "name": "Ada"}');
    const prog = program(
      'SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id',
      {
        orders,
        customers,
      },
    );
    const out: string[] = [];
    await runProgram({
      program: prog,
      sources: {
        orders: new ArraySource('memory://orders', orders),
        // Unbounded and not opened as a table: it never says `tableLoaded`.
        customers: new ArraySource('memory://customers', customers, { bounded: false }),
      },
      tableIdleMs: 20,
      limits: { maxMs: 2000 },
      onOutput: (o) => {
        out.push(...rows(o.records));
      },
    });
    expect(out).toEqual(['{"id":1,"name":"Ada"}', '{"id":3,"name":"Ada"}']);
  });

  it('checkpoints, crashes and restores with an exactly-once effect on the flushed output', async () => {
    const input = manyOrders(40);
    const sql =
      "CREATE STREAM w AS SELECT customer, COUNT(*) AS n, SUM(amount) AS total, TUMBLE_START() AS ws FROM orders GROUP BY customer WINDOW TUMBLING(10s) EMIT FINAL INTO 'memory://w' WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";
    const prog = program(sql, { orders: input });

    // Reference: one uninterrupted run.
    const all = new MemorySink('memory://w');
    await runProgram({
      program: prog,
      sources: { orders: new ArraySource('memory://orders', input, { bounded: false }) },
      sinks: { 'memory://w': all },
      limits: { maxRecords: 40 },
      batchSize: 4,
    });

    // Run 1: a checkpoint every 4 batches (the clock counts reads), a crash (source failure)
    // on the 7th read: the window closed after the checkpoint was written but never flushed.
    const checkpoints: Checkpoint[] = [];
    const sink1 = new MemorySink('memory://w');
    const source1 = new ArraySource('memory://orders', input, { bounded: false });
    let reads = 0;
    const crashing: Source = {
      uri: source1.uri,
      bounded: false,
      readBatch: async (n) => {
        if (++reads > 6) throw new Error('connection reset');
        return source1.readBatch(n);
      },
      commit: (p) => source1.commit(p),
      close: () => source1.close(),
    };
    await expect(
      runProgram({
        program: prog,
        sources: { orders: crashing },
        sinks: { 'memory://w': sink1 },
        batchSize: 4,
        clock: () => reads,
        checkpoint: {
          intervalMs: 4,
          onCheckpoint: (cp) => {
            checkpoints.push(JSON.parse(JSON.stringify(cp)));
            // The store sees the checkpoint before the source commits its position.
            expect(source1.commits).toEqual([]);
          },
        },
      }),
    ).rejects.toThrow('connection reset');
    expect(checkpoints.map((c) => [c.epoch, c.positions])).toEqual([[1, { orders: 16 }]]);
    const last = checkpoints[0];
    expect(source1.commits).toEqual([16]);
    expect([sink1.durable.length, sink1.written.length]).toEqual([3, 6]);

    // Run 2: restore from the last stored checkpoint; the sink keeps only what was durable.
    const sink2 = new MemorySink('memory://w');
    const summary = await runProgram({
      program: prog,
      restore: last,
      sources: {
        orders: new ArraySource('memory://orders', input, {
          bounded: false,
          resumeFrom: last.positions.orders as number,
        }),
      },
      sinks: { 'memory://w': sink2 },
      limits: { maxRecords: 24 },
      batchSize: 4,
      checkpoint: {},
    });
    expect(summary.checkpoint?.epoch).toBe(last.epoch + 1);
    expect(rows([...sink1.durable, ...sink2.durable])).toEqual(rows(all.durable));
    expect(all.durable.length).toBe(9);
  });

  it('takes a checkpoint on request while running, then stops on abort with a final one', async () => {
    const input = manyOrders(50);
    const source = new ArraySource('memory://orders', input, { bounded: false });
    const stored: number[] = [];
    const abort = new AbortController();
    const handle = startRun({
      program: program('SELECT id FROM orders', { orders: input }),
      sources: { orders: source },
      batchSize: 10,
      signal: abort.signal,
      checkpoint: { onCheckpoint: (cp) => void stored.push(cp.epoch) },
    });
    // The source is read to its current end; the loop idles, still answering requests.
    while (source.position < 50) await new Promise((r) => setTimeout(r, 5));
    const cp = await handle.requestCheckpoint();
    expect([cp.epoch, cp.positions]).toEqual([1, { orders: 50 }]);
    expect(source.commits).toEqual([50]);
    abort.abort();
    const summary = await handle.done;
    expect(summary.reason).toBe('aborted');
    expect(stored).toEqual([1, 2]);
    expect(summary.checkpoint?.positions).toEqual({ orders: 50 });
    expect(summary.metrics.checkpoints.count).toBe(2);
  });

  it('stops reading and pauses sources while sinks are behind the in-flight budget', async () => {
    const input = manyOrders(200);
    let releaseWrite: (() => void) | null = null;
    let inFlightMax = 0;
    let writing = 0;
    const source = new ArraySource('memory://orders', input);
    const pausedDuringWait: boolean[] = [];
    const slow = new MemorySink('memory://out');
    const write = slow.writeBatch.bind(slow);
    slow.writeBatch = async (columns, rs) => {
      writing += rs.length;
      inFlightMax = Math.max(inFlightMax, writing);
      pausedDuringWait.push(source.paused);
      await new Promise<void>((r) => {
        releaseWrite = r;
        setTimeout(r, 1);
      });
      writing -= rs.length;
      return write(columns, rs);
    };
    const summary = await runProgram({
      program: program("CREATE STREAM s AS SELECT id FROM orders INTO 'memory://out'", {
        orders: input,
      }),
      sources: { orders: source },
      sinks: { 'memory://out': slow },
      batchSize: 10,
      maxInFlightRecords: 25,
    });
    expect(releaseWrite).not.toBeNull();
    expect(slow.durable.length).toBe(200);
    // At most budget + one batch of records waits for the sink at any time.
    expect(inFlightMax).toBeLessThanOrEqual(35);
    expect(pausedDuringWait).toContain(true);
    expect(source.paused).toBe(false);
    expect(summary.metrics.backPressureMs).toBeGreaterThan(0);
  });

  it('reads unbounded sources by readiness: an idle slow source does not hold back a busy one', async () => {
    const busy = manyOrders(20_000);
    let slowReads = 0;
    const slow: Source = {
      uri: 'memory://slow',
      bounded: false,
      readBatch: async () => {
        slowReads++;
        await new Promise((r) => setTimeout(r, 300));
        return { records: [], done: false, position: slowReads, deadLetters: [] };
      },
      commit: async () => {},
      close: async () => {},
    };
    const prog = program('SELECT id FROM busy UNION ALL SELECT id FROM slow', {
      busy,
      slow: busy.slice(0, 1),
    });
    let rowsOut = 0;
    const started = Date.now();
    const summary = await runProgram({
      program: prog,
      sources: { busy: new ArraySource('memory://busy', busy, { bounded: false }), slow },
      batchSize: 500,
      checkpoint: {},
      onOutput: (o) => {
        rowsOut += o.records.length;
        return rowsOut >= 20_000;
      },
    });
    // Round-robin would wait 300 ms for the slow source before each of the 40 busy batches.
    expect(Date.now() - started).toBeLessThan(4000);
    expect(rowsOut).toBe(20_000);
    expect(slowReads).toBeLessThan(10);
    // The slow source's read still running at the stop was awaited, its batch not processed.
    expect(summary.checkpoint?.positions).toEqual({
      busy: 20_000,
      slow: slowReads > 1 ? slowReads - 1 : undefined,
    });
  });

  it('stops at maxOutputRows with exactly that many rows, at maxRecords, at maxMs and on abort', async () => {
    const input = manyOrders(100);
    const sql = 'SELECT id FROM orders';
    const prog = program(sql, { orders: input });
    const unbounded = () => new ArraySource('memory://orders', input, { bounded: false });
    const seen: string[] = [];
    const byRows = await runProgram({
      program: prog,
      sources: { orders: unbounded() },
      batchSize: 7,
      limits: { maxOutputRows: 10 },
      onOutput: (o) => {
        seen.push(...rows(o.records));
      },
    });
    expect(byRows.reason).toBe('limit');
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `{"id":${i}}`));

    const byRecords = await runProgram({
      program: prog,
      sources: { orders: unbounded() },
      batchSize: 7,
      limits: { maxRecords: 30 },
    });
    expect(byRecords.reason).toBe('limit');
    expect(byRecords.metrics.recordsIn).toBe(30);
    expect(byRecords.metrics.outputs.result).toBe(30);

    const byTime = await runProgram({
      program: prog,
      sources: { orders: unbounded() },
      limits: { maxMs: 30 },
    });
    expect(byTime.reason).toBe('timeout');
    expect(byTime.metrics.recordsIn).toBe(100);

    const abort = new AbortController();
    const aborted = startRun({
      program: prog,
      sources: { orders: unbounded() },
      signal: abort.signal,
      checkpoint: {},
    });
    setTimeout(() => abort.abort(), 20);
    const summary = await aborted.done;
    expect(summary.reason).toBe('aborted');
    expect(summary.checkpoint?.positions).toEqual({ orders: 100 });
  });

  it('routes source, runtime and late dead letters to one callback with positions and SQL positions', async () => {
    const input = records(
      [
        '{"k": "a", "x": 10, "d": 2, "ts": 10000}',
        '{"k": "a", "x": 10, "d": 0, "ts": 11000}',
        '{"k": "b", "x": 1, "d": 1, "ts": 30000}',
        '{"k": "a", "x": 4, "d": 2, "ts": 12000}',
        '{"k": "b", "x": 1, "d": 1, "ts": 31000}',
      ].join('\n'),
    );
    const bad = new Map([
      [4, { location: '/data/in.jsonl:5', line: 5, raw: '{"k": ', reason: 'unexpected end' }],
    ]);
    const sql =
      "SELECT k, SUM(x / d) AS q FROM orders GROUP BY k WINDOW TUMBLING(10s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')";
    const dead: RunDeadLetter[] = [];
    const out: string[] = [];
    const summary = await runProgram({
      program: program(sql, { orders: input }),
      sources: { orders: new ArraySource('memory://in', input, { deadLetters: bad }) },
      batchSize: 2,
      onDeadLetter: (d) => {
        dead.push(d);
      },
      onOutput: (o) => {
        out.push(...rows(o.records));
      },
    });
    expect(
      dead.map((d) => ({
        kind: d.kind,
        position: d.position,
        reason: d.reason,
        raw: d.raw,
        at: d.sqlLine === undefined ? d.location : `${d.sqlLine}:${d.sqlColumn}`,
      })),
    ).toEqual([
      {
        kind: 'runtime',
        position: 2,
        reason: 'division by zero',
        raw: '{"k":"a","x":10,"d":0,"ts":11000}',
        at: `1:${'SELECT k, SUM('.length + 1}`,
      },
      {
        kind: 'late',
        position: 4,
        reason:
          'late record: event time 1970-01-01T00:00:12.000Z is behind the watermark 1970-01-01T00:00:30.000Z',
        raw: '{"k":"a","x":4,"d":2,"ts":12000}',
        at: undefined,
      },
      {
        kind: 'decode',
        position: 5,
        reason: 'unexpected end',
        raw: '{"k": ',
        at: '/data/in.jsonl:5',
      },
    ]);
    expect(summary.metrics.deadLetters).toEqual({ decode: 1, runtime: 1, late: 1 });
    expect(out).toEqual(['{"k":"a","q":5}', '{"k":"b","q":1}']);
  });

  it('rejects (never throws) for a missing source or a checkpoint of another program', async () => {
    const prog = program('SELECT id FROM orders', { orders });
    const missing = runProgram({ program: prog, sources: {} });
    await expect(missing).rejects.toThrow('no source opened for "orders"');
    const other = await runProgram({
      program: program('SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer', { orders }),
      sources: { orders: new ArraySource('memory://orders', orders) },
      checkpoint: {},
    });
    await expect(
      runProgram({
        program: prog,
        sources: { orders: new ArraySource('memory://orders', orders) },
        restore: other.checkpoint,
      }),
    ).rejects.toThrow('snapshot does not match this program');
  });

  it('reports metrics per source and sink, watermarks and batch latency', async () => {
    const reports: number[] = [];
    const summary = await runProgram({
      program: program(
        "SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer WITH ('event.time.field' = 'ts')",
        { orders },
      ),
      sources: { orders: new ArraySource('memory://orders', orders) },
      batchSize: 2,
      onMetrics: (m) => {
        reports.push(m.recordsIn);
      },
    });
    const m = summary.metrics;
    expect(reports.at(-1)).toBe(4);
    expect(m.sources.orders).toMatchObject({
      uri: 'memory://orders',
      recordsIn: 4,
      batches: 2,
      done: true,
      watermark: Number.POSITIVE_INFINITY,
    });
    expect(m.outputs.result).toBe(4);
    expect(m.stateEntries).toBe(3);
    expect(m.batchLatencyMs.count).toBeGreaterThanOrEqual(2);
    expect(m.operators).toBeNull();

    const withOperators = await runProgram({
      program: program('SELECT customer FROM orders WHERE amount > 2.00', { orders }),
      sources: { orders: new ArraySource('memory://orders', orders) },
      operatorMetrics: true,
    });
    expect(
      withOperators.metrics.operators?.map((o) => [o.kind, o.recordsIn, o.recordsOut]),
    ).toEqual([
      ['filter', 4, 2],
      ['project', 2, 2],
    ]);
  });
});
