/**
 * Kafka → engine → Kafka through the runtime's run loop: a windowed aggregation with exact
 * rows, and the source's offsets committed by the final checkpoint.
 */
import { compile, inferSchema } from '@velo/engine';
import { peekSource, type RunOutput, startRun } from '@velo/runtime';
import { afterAll, expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';
import {
  BROKERS,
  consumeAll,
  createTopic,
  deleteTopic,
  kafka,
  produce,
  uniqueName,
} from './test-support.ts';

const topics: string[] = [];
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
});

it.each([1, 2])(
  'runs a tumbling-window aggregation from Kafka (%i partitions) to Kafka with exact rows',
  async (partitions) => {
    const input = await createTopic('velo-agg-in', partitions);
    const output = await createTopic('velo-agg-out');
    topics.push(input, output);
    const t0 = 1700000040000; // 2023-11-14T22:14:00Z, on a minute boundary
    const orders = [
      ['c1', '10.25', 0],
      ['c2', '1.10', 5_000],
      ['c1', '0.75', 20_000],
      ['c1', '100.00', 61_000],
      ['c2', '2.20', 62_000],
      ['c2', '0.01', 119_999],
      ['c1', '5.00', 185_000], // moves the watermark past the second window's end
    ] as const;
    await produce(
      input,
      orders.map(([customer, amount, dt], i) => ({
        key: customer,
        // alternate partitions; the message timestamps are the event times
        partition: i % partitions,
        timestamp: String(t0 + dt),
        value: `{"customer":"${customer}","amount":${amount},"ts":${t0 + dt}}`,
      })),
    );
    const group = uniqueName('g');
    const sourceUri = `kafka://${BROKERS}/${input}?group_id=${group}`;
    const sinkUri = `kafka://${BROKERS}/${output}`;
    const sql = `CREATE STREAM totals AS
    SELECT customer, SUM(amount) AS total, COUNT(*) AS n, TUMBLE_START() AS window_start
    FROM '${sourceUri}'
    GROUP BY customer
    WINDOW TUMBLING(1m)
    EMIT FINAL
    INTO '${sinkUri}'
    WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')`;

    const opened = await createSource(sourceUri);
    // let every partition's first fetch arrive, so the source merges them by timestamp (the
    // engine keeps one watermark per source: out of order, the later partition would be late)
    await new Promise((r) => setTimeout(r, 1500));
    const { sample, source } = await peekSource(opened, 100);
    const compiled = compile(sql, { schemas: { [sourceUri]: inferSchema(sample.records) } });
    if (!compiled.ok || !compiled.program) {
      throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
    }
    const sink = await createSink(sinkUri);
    const abort = new AbortController();
    let emitted = 0;
    const run = startRun({
      program: compiled.program,
      sources: { [sourceUri]: source },
      sinks: { [sinkUri]: sink },
      signal: abort.signal,
      limits: { maxMs: 30_000 },
      checkpoint: { intervalMs: 60_000 },
      onOutput(out: RunOutput) {
        emitted += out.records.length;
        if (emitted >= 4) setTimeout(() => abort.abort(), 300);
      },
    });
    const summary = await run.done;
    await source.close();
    await sink.close();
    expect([summary.reason, summary.metrics.recordsIn, summary.metrics.deadLetters]).toEqual([
      'aborted',
      7,
      { decode: 0, runtime: 0, late: 0 },
    ]);

    const rows = (await consumeAll(output, 4)).map((m) => m.value?.toString()).sort();
    expect(rows).toEqual([
      '{"customer":"c1","total":"100.00","n":1,"window_start":"2023-11-14T22:15:00.000Z"}',
      '{"customer":"c1","total":"11.00","n":2,"window_start":"2023-11-14T22:14:00.000Z"}',
      '{"customer":"c2","total":"1.10","n":1,"window_start":"2023-11-14T22:14:00.000Z"}',
      '{"customer":"c2","total":"2.21","n":2,"window_start":"2023-11-14T22:15:00.000Z"}',
    ]);
    // the final checkpoint committed every record read
    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: group, topics: [input] });
    await admin.disconnect();
    expect(committed[0].partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(
      partitions === 1
        ? [[0, '7']]
        : [
            [0, '4'],
            [1, '3'],
          ],
    );
  },
  60_000,
);

it('reads headers with HEADER() and writes SET_HEADER / REMOVE_HEADER edits and keys', async () => {
  const input = await createTopic('velo-hdr-in');
  const output = await createTopic('velo-hdr-out');
  topics.push(input, output);
  await produce(input, [
    { key: 'a', value: '{"n":1}', headers: { trace: 't1', drop: 'x' } },
    { key: 'b', value: '{"n":2}', headers: { trace: 't2' } },
  ]);
  const sourceUri = `kafka://${BROKERS}/${input}?group_id=${uniqueName('g')}`;
  const sinkUri = `kafka://${BROKERS}/${output}`;
  const sql = `CREATE STREAM tagged AS
    SELECT n, _key AS k, HEADER('trace') AS trace,
           SET_HEADER('route', CONCAT('r-', HEADER('trace'))) AS route,
           REMOVE_HEADER('drop') AS dropped
    FROM '${sourceUri}'
    INTO '${sinkUri}'`;
  const opened = await createSource(sourceUri);
  const { sample, source } = await peekSource(opened, 100);
  const compiled = compile(sql, { schemas: { [sourceUri]: inferSchema(sample.records) } });
  if (!compiled.ok || !compiled.program) {
    throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  }
  const sink = await createSink(sinkUri);
  const abort = new AbortController();
  let emitted = 0;
  const run = startRun({
    program: compiled.program,
    sources: { [sourceUri]: source },
    sinks: { [sinkUri]: sink },
    signal: abort.signal,
    limits: { maxMs: 30_000 },
    onOutput(out: RunOutput) {
      emitted += out.records.length;
      if (emitted >= 2) setTimeout(() => abort.abort(), 200);
    },
  });
  await run.done;
  await source.close();
  await sink.close();
  const out = await consumeAll(output, 2);
  expect(out.map((m) => [m.key, m.value?.toString(), m.headers])).toEqual([
    [
      'a',
      '{"n":1,"k":"a","trace":"t1","route":"r-t1","dropped":"x"}',
      { trace: 't1', route: 'r-t1' },
    ],
    [
      'b',
      '{"n":2,"k":"b","trace":"t2","route":"r-t2","dropped":null}',
      { trace: 't2', route: 'r-t2' },
    ],
  ]);
}, 60_000);
