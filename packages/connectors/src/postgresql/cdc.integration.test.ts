import { formatJsonRow } from '@velo/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineRecord, Source, SourcePosition } from '../types.ts';
import { createSource, databaseUrl, dropSlot, sql, uniqueName } from './test-support.ts';

const table = uniqueName('pgcdc');
const slot = uniqueName('velo_test_slot');
const publication = uniqueName('velo_test_pub');
const uri = () =>
  `${databaseUrl()}?table=${table}&cdc=true&slot=${slot}&publication=${publication}&poll.interval.ms=50`;

/** Reads until `count` records arrived (or 15 s passed); returns them and the last position. */
async function readRecords(
  source: Source,
  count: number,
  max = 100,
): Promise<{ records: string[]; position: SourcePosition }> {
  const records: EngineRecord[] = [];
  let position: SourcePosition;
  const deadline = Date.now() + 15_000;
  do {
    const batch = await source.readBatch(Math.min(max, count - records.length));
    records.push(...batch.records);
    position = batch.position;
  } while (records.length < count && Date.now() < deadline);
  return { records: records.map((r) => formatJsonRow(r.fields)), position };
}

beforeAll(async () => {
  await sql(`CREATE TABLE ${table} (id int PRIMARY KEY, amount numeric(14,2), note text)`);
});

afterAll(async () => {
  await dropSlot(slot);
  await sql(`DROP PUBLICATION IF EXISTS ${publication}`);
  await sql(`DROP TABLE IF EXISTS ${table}`);
});

describe('PostgreSQL CDC (cdc=true)', () => {
  it('streams inserts, updates and deletes with _op, and resumes after what was committed', async () => {
    const source = await createSource(uri());
    expect(source.bounded).toBe(false);
    const slots = await sql('SELECT plugin FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    expect(slots.rows).toEqual([{ plugin: 'pgoutput' }]);

    await sql(`INSERT INTO ${table} VALUES (1, 123456789012.34, 'one'), (2, 0.10, 'two')`);
    await sql(`UPDATE ${table} SET amount = 5.50, note = 'uno' WHERE id = 1`);
    await sql(`DELETE FROM ${table} WHERE id = 2`);
    const first = await readRecords(source, 4);
    expect(first.records).toEqual([
      '{"id":1,"amount":"123456789012.34","note":"one","_op":"insert"}',
      '{"id":2,"amount":"0.10","note":"two","_op":"insert"}',
      '{"id":1,"amount":"5.50","note":"uno","_op":"update"}',
      // Default replica identity: a delete carries the key columns only.
      '{"id":2,"amount":null,"note":null,"_op":"delete"}',
    ]);
    await source.commit(first.position);
    await source.close();

    // Acknowledged changes are not replayed; later ones arrive, in a transaction split by batches.
    await sql(
      `BEGIN; INSERT INTO ${table} VALUES (3, 3.00, 'three'); INSERT INTO ${table} VALUES (4, 4.00, 'four');
       INSERT INTO ${table} VALUES (5, 5.00, 'five'); COMMIT`,
    );
    const again = await createSource(uri(), { resumeFrom: first.position });
    const part = await readRecords(again, 2, 2);
    expect(part.records).toEqual([
      '{"id":3,"amount":"3.00","note":"three","_op":"insert"}',
      '{"id":4,"amount":"4.00","note":"four","_op":"insert"}',
    ]);
    expect(part.position).toMatchObject({ skip: 2 });
    await again.close();

    // Resuming inside the transaction hands out only the rest of it.
    const rest = await createSource(uri(), { resumeFrom: part.position });
    const tail = await readRecords(rest, 1);
    expect(tail.records).toEqual(['{"id":5,"amount":"5.00","note":"five","_op":"insert"}']);
    await rest.commit(tail.position);
    await rest.close();
    const confirmed = await sql(
      'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
    expect(confirmed.rows[0].lsn).toBe((tail.position as { lsn: string }).lsn);

    // snapshot=false without a position: the slot's acknowledged point is the start, nothing
    // is replayed. A changed key arrives as a delete of the old key and an insert of the new row.
    await sql(`UPDATE ${table} SET note = 'cinq' WHERE id = 5`);
    await sql(`UPDATE ${table} SET id = 50 WHERE id = 5`);
    const fresh = await createSource(`${uri()}&snapshot=false`);
    const next = await readRecords(fresh, 3);
    await fresh.close();
    expect(next.records).toEqual([
      '{"id":5,"amount":"5.00","note":"cinq","_op":"update"}',
      '{"id":5,"amount":null,"note":null,"_op":"delete"}',
      '{"id":50,"amount":"5.00","note":"cinq","_op":"insert"}',
    ]);
  });

  it('hands out the rows present when it creates the slot first, then the changes', async () => {
    const name = uniqueName('pgcdcsnap');
    const snapSlot = uniqueName('velo_test_slot');
    const snapPub = uniqueName('velo_test_pub');
    const snapUri = `${databaseUrl()}?table=${name}&cdc=true&slot=${snapSlot}&publication=${snapPub}&poll.interval.ms=50`;
    await sql(`CREATE TABLE ${name} (id int PRIMARY KEY, amount numeric(14,2))`);
    await sql(`INSERT INTO ${name} VALUES (1, 1.10), (2, 2.20), (3, 3.30)`);
    try {
      const source = await createSource(snapUri);
      const first = await source.readBatch(2);
      expect(first.records.map((r) => formatJsonRow(r.fields))).toEqual([
        '{"id":1,"amount":"1.10","_op":"insert"}',
        '{"id":2,"amount":"2.20","_op":"insert"}',
      ]);
      expect(first.position).toMatchObject({ skip: 0, snapshot: { rows: 2, after: ['2'] } });
      expect(first.tableLoaded).toBeUndefined();
      await source.commit(first.position);
      await source.close();

      // Restarted mid-snapshot: the rest of the table, then the changes after the slot's start.
      await sql(`UPDATE ${name} SET amount = 1.11 WHERE id = 1`);
      const resumed = await createSource(snapUri, { resumeFrom: first.position });
      const rest = await resumed.readBatch(2);
      expect(rest.records.map((r) => formatJsonRow(r.fields))).toEqual([
        '{"id":3,"amount":"3.30","_op":"insert"}',
      ]);
      expect(rest.tableLoaded).toBe(true);
      expect(rest.position).not.toHaveProperty('snapshot');
      const changes = await readRecords(resumed, 1);
      expect(changes.records).toEqual(['{"id":1,"amount":"1.11","_op":"update"}']);
      await resumed.close();

      // No position: start over with the table as it is now (the slot is made anew).
      const restarted = await createSource(snapUri);
      const again = await restarted.readBatch(10);
      await restarted.close();
      expect(again.records.map((r) => formatJsonRow(r.fields))).toEqual([
        '{"id":1,"amount":"1.11","_op":"insert"}',
        '{"id":2,"amount":"2.20","_op":"insert"}',
        '{"id":3,"amount":"3.30","_op":"insert"}',
      ]);
      expect(again.tableLoaded).toBe(true);
    } finally {
      await dropSlot(snapSlot);
      await sql(`DROP PUBLICATION IF EXISTS ${snapPub}`);
      await sql(`DROP TABLE IF EXISTS ${name}`);
    }
    // A checkpoint whose slot was dropped: the lost changes are an error, not a silent gap.
    await sql(`CREATE TABLE ${name} (id int PRIMARY KEY)`);
    try {
      await expect(createSource(snapUri, { resumeFrom: { lsn: '0/1', skip: 0 } })).rejects.toThrow(
        `replication slot '${snapSlot}' of '${snapUri.replace(':postgres@', ':***@')}' no longer exists: the changes since the last checkpoint are gone (start without the checkpoint to take a new snapshot)`,
      );
    } finally {
      await sql(`DROP PUBLICATION IF EXISTS ${snapPub}`);
      await sql(`DROP TABLE IF EXISTS ${name}`);
    }
  });

  it('fails clearly when another reader holds the slot', async () => {
    const holder = await createSource(`${uri()}&snapshot=false`);
    await holder.readBatch(1); // streaming: the slot is held
    // Starting over would drop the slot, which its reader holds.
    await expect(createSource(uri())).rejects.toThrow(
      new RegExp(
        `^cannot prepare replication on '.*': replication slot "${slot}" is active for PID \\d+$`,
      ),
    );
    const second = await createSource(
      `${uri()}&snapshot=false&connect.retries=2&connect.backoff.ms=10`,
    );
    try {
      let error: unknown;
      const deadline = Date.now() + 15_000;
      while (!error && Date.now() < deadline) {
        await second.readBatch(10).catch((e: unknown) => {
          error = e;
        });
      }
      expect(String(error)).toMatch(
        new RegExp(
          `^PostgresConnectorError: replication from '.*' failed 3 times in a row: replication slot "${slot}" is active for PID \\d+ \\(another reader holds the slot: give each job its own slot=\\)$`,
        ),
      );
    } finally {
      await second.close();
      await holder.close();
    }
  });
});
