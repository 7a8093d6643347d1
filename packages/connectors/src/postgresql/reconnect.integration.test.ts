/**
 * Connections lost mid-run (the server ends the backend, as a restart or failover would): the
 * source, the sink and the CDC stream reconnect by themselves and lose or repeat nothing.
 * pg_terminate_backend on the shared server stands in for stopping it, which other tests use.
 */
import { Decimal, type EngineRecord, formatJsonRow } from '@velo/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSink,
  createSource,
  databaseUrl,
  dropSlot,
  sql,
  uniqueName,
} from './test-support.ts';

const table = uniqueName('pgreconnect');
const slot = uniqueName('velo_test_slot');
const publication = uniqueName('velo_test_pub');

beforeAll(async () => {
  await sql(`CREATE TABLE ${table} (id int PRIMARY KEY, amount numeric(10,2))`);
});

afterAll(async () => {
  await dropSlot(slot);
  await sql(`DROP PUBLICATION IF EXISTS ${publication}`);
  await sql(`DROP TABLE IF EXISTS ${table}`);
});

/** Ends the sessions of this table's connector `role` (application_name `velo <role> <table>`). */
async function terminate(role: string): Promise<number> {
  const result = await sql(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
    [`velo ${role} ${table}`],
  );
  return result.rowCount ?? 0;
}

function rows(records: EngineRecord[]): string[] {
  return records.map((r) => formatJsonRow(r.fields));
}

describe('PostgreSQL connections lost mid-run', () => {
  it('the sink and the following source reconnect and go on exactly', async () => {
    const sink = await createSink(`${databaseUrl()}?table=${table}&connect.backoff.ms=20`);
    const record = (id: number) =>
      ({
        fields: { id: BigInt(id), amount: Decimal.parse(`${id}.25`) },
        eventTime: 0,
      }) as EngineRecord;
    await sink.writeBatch(['id', 'amount'], [record(1), record(2)]);
    expect(await terminate('sink')).toBe(1);
    await sink.writeBatch(['id', 'amount'], [record(3)]);

    const source = await createSource(
      `${databaseUrl()}?table=${table}&cursor.column=id&poll.interval.ms=20&connect.backoff.ms=20`,
    );
    const first = await source.readBatch(2);
    expect(rows(first.records)).toEqual(['{"id":1,"amount":"1.25"}', '{"id":2,"amount":"2.25"}']);
    expect(await terminate('source')).toBe(1);
    const second = await source.readBatch(10);
    expect(rows(second.records)).toEqual(['{"id":3,"amount":"3.25"}']);
    expect(await terminate('sink')).toBe(1);
    await sink.writeBatch(['id', 'amount'], [record(4)]);
    const third = await source.readBatch(10);
    expect(rows(third.records)).toEqual(['{"id":4,"amount":"4.25"}']);
    await source.close();
    await sink.close();
  });

  it('the CDC stream reconnects from what it handed out', async () => {
    const source = await createSource(
      `${databaseUrl()}?table=${table}&cdc=true&snapshot=false&slot=${slot}&publication=${publication}&poll.interval.ms=50&connect.backoff.ms=20`,
    );
    await sql(`INSERT INTO ${table} VALUES (10, 0.10), (11, 0.11), (12, 0.12)`);
    const seen: EngineRecord[] = [];
    const deadline = Date.now() + 15_000;
    while (seen.length < 2 && Date.now() < deadline) {
      seen.push(...(await source.readBatch(2 - seen.length)).records);
    }
    // The walsender goes away mid-transaction (two of three changes handed out).
    const ended = await sql(
      'SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
    expect(ended.rowCount).toBe(1);
    await sql(`INSERT INTO ${table} VALUES (13, 0.13)`);
    while (seen.length < 4 && Date.now() < deadline) {
      seen.push(...(await source.readBatch(10)).records);
    }
    await source.close();
    expect(rows(seen)).toEqual([
      '{"id":10,"amount":"0.10","_op":"insert"}',
      '{"id":11,"amount":"0.11","_op":"insert"}',
      '{"id":12,"amount":"0.12","_op":"insert"}',
      '{"id":13,"amount":"0.13","_op":"insert"}',
    ]);
  });
});
