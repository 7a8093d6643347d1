import { formatJsonRow } from '@velo/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineRecord, SourceBatch } from '../types.ts';
import { createSource, databaseUrl, sql, uniqueName } from './test-support.ts';

const table = uniqueName('pgsrc');

/** Rows as JSON text: decimals, int8 and timestamps in their exact text form. */
function rows(records: EngineRecord[]): string[] {
  return records.map((r) => formatJsonRow(r.fields));
}

async function insert(ids: number[]): Promise<void> {
  for (const id of ids) {
    await sql(
      `INSERT INTO ${table} (id, amount, big, ts, payload, ok, note)
       VALUES ($1, $2, 9007199254740993, '2024-03-01 12:00:00.123+02', '{"price": 120.50, "n": [1, 2]}', $3, $4)`,
      [id, `${id}23456789012.34`, id % 2 === 0, `row ${id}`],
    );
  }
}

function row(id: number): string {
  return `{"id":${id},"amount":"${id}23456789012.34","big":9007199254740993,"ts":"2024-03-01T10:00:00.123Z","payload":{"n":[1,2],"price":"120.50"},"ok":${id % 2 === 0},"note":"row ${id}"}`;
}

beforeAll(async () => {
  await sql(
    `CREATE TABLE ${table} (id bigint PRIMARY KEY, amount numeric(14,2), big int8,
       ts timestamptz, payload jsonb, ok boolean, note text)`,
  );
  await insert([1, 2, 3]);
});

afterAll(async () => {
  await sql(`DROP TABLE IF EXISTS ${table}`);
});

describe('PostgreSQL source', () => {
  it('reads a snapshot, then follows new rows by the cursor column', async () => {
    const uri = `${databaseUrl()}?table=${table}&cursor.column=id&poll.interval.ms=20`;
    const source = await createSource(uri);
    try {
      expect(source.bounded).toBe(false);
      expect(source.uri).not.toContain(':postgres@');
      const first = await source.readBatch(2);
      expect(rows(first.records)).toEqual([row(1), row(2)]);
      expect(first.position).toEqual({ cursor: '2', rows: 2 });
      // The rows' text as the server sent it: 94 characters each.
      expect(first.bytes).toBe(188);
      const second = await source.readBatch(10);
      expect(rows(second.records)).toEqual([row(3)]);
      expect(second.tableLoaded).toBe(true);
      expect(second.done).toBe(false);
      const idle = await source.readBatch(10);
      expect(idle.records).toEqual([]);
      await insert([4, 5]);
      const followed = await source.readBatch(10);
      expect(rows(followed.records)).toEqual([row(4), row(5)]);
      expect(followed.position).toEqual({ cursor: '5', rows: 5 });

      // Resuming from the first batch's position reads exactly the rows after it.
      const resumed = await createSource(uri, { resumeFrom: first.position });
      try {
        const all: EngineRecord[] = [];
        let batch: SourceBatch;
        do {
          batch = await resumed.readBatch(2);
          all.push(...batch.records);
        } while (batch.records.length > 0);
        expect(rows(all)).toEqual([row(3), row(4), row(5)]);
      } finally {
        await resumed.close();
      }
    } finally {
      await source.close();
    }
  });

  it('is bounded without a cursor column (snapshot only), for tables and queries', async () => {
    const source = await createSource(`${databaseUrl()}?table=${table}`);
    expect(source.bounded).toBe(true);
    const batches: SourceBatch[] = [];
    do batches.push(await source.readBatch(2));
    while (!batches[batches.length - 1].done);
    await source.close();
    const ids = batches.flatMap((b) => b.records.map((r) => r.fields.id)).sort();
    expect(ids).toEqual([1n, 2n, 3n, 4n, 5n]);

    const query = encodeURIComponent(`SELECT id, amount * 2 AS doubled FROM ${table} WHERE id > 3`);
    const q = await createSource(`${databaseUrl()}?query=${query}&cursor.column=id&follow=false`);
    const batch = await q.readBatch(100);
    await q.close();
    expect(rows(batch.records)).toEqual([
      '{"id":4,"doubled":"846913578024.68"}',
      '{"id":5,"doubled":"1046913578024.68"}',
    ]);
    expect(batch.done).toBe(true);
  });

  it('runs a query= read-only and as one statement', async () => {
    const victim = uniqueName('pgvictim');
    await sql(`CREATE TABLE ${victim} (id int)`);
    try {
      const injected = encodeURIComponent(
        `SELECT 1 AS id) AS x; DROP TABLE ${victim}; SELECT * FROM (SELECT 1`,
      );
      for (const cursor of ['&cursor.column=id&follow=false', '']) {
        const source = await createSource(`${databaseUrl()}?query=${injected}${cursor}`).catch(
          (e: Error) => e,
        );
        const error =
          source instanceof Error ? source : await source.readBatch(10).catch((e: Error) => e);
        if (!(source instanceof Error)) await source.close();
        expect(String(error)).toContain(
          'cannot insert multiple commands into a prepared statement',
        );
      }
      const writer = encodeURIComponent(`SELECT setval('${victim}_seq', 1)::int AS id`);
      await sql(`CREATE SEQUENCE ${victim}_seq`);
      const source = await createSource(`${databaseUrl()}?query=${writer}`);
      await expect(source.readBatch(10)).rejects.toThrow(
        'cannot execute setval() in a read-only transaction',
      );
      await source.close();
      const still = await sql('SELECT to_regclass($1) IS NOT NULL AS exists', [victim]);
      expect(still.rows[0].exists).toBe(true);
    } finally {
      await sql(`DROP TABLE IF EXISTS ${victim}`);
      await sql(`DROP SEQUENCE IF EXISTS ${victim}_seq`);
    }
  });

  it('sends undecodable rows to the dead letters and goes on', async () => {
    const name = uniqueName('pgnan');
    await sql(`CREATE TABLE ${name} (id int, v numeric)`);
    await sql(`INSERT INTO ${name} VALUES (1, 1.5), (2, 'NaN'), (3, 2.25)`);
    try {
      const source = await createSource(
        `${databaseUrl()}?table=${name}&cursor.column=id&follow=false`,
      );
      const batch = await source.readBatch(10);
      await source.close();
      expect(rows(batch.records)).toEqual(['{"id":1,"v":"1.5"}', '{"id":3,"v":"2.25"}']);
      expect(batch.deadLetters.map((d) => [d.raw, d.reason])).toEqual([
        ['{"id":"2","v":"NaN"}', "numeric value 'NaN' is not a number"],
      ]);
    } finally {
      await sql(`DROP TABLE ${name}`);
    }
  });

  it('fails an unreachable database after bounded retries, without the password', async () => {
    const uri =
      'postgresql://velo:hunter2@127.0.0.1:1/shop?table=orders&connect.retries=2&connect.backoff.ms=50';
    const started = Date.now();
    await expect(createSource(uri)).rejects.toThrow(
      "cannot connect to 'postgresql://velo:***@127.0.0.1:1/shop?table=orders&connect.retries=2&connect.backoff.ms=50' after 3 attempts: connect ECONNREFUSED 127.0.0.1:1",
    );
    // Backoff 50 ms then 100 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('names a wrong password without showing it', async () => {
    const url = new URL(databaseUrl());
    url.password = 'not-the-password';
    url.searchParams.set('table', table);
    await expect(createSource(url.toString())).rejects.toThrow(
      `cannot connect to '${url.protocol}//${url.username}:***@${url.host}${url.pathname}?table=${table}': password authentication failed for user "${url.username}"`,
    );
  });
});
