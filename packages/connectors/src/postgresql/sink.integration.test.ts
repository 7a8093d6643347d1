import { Decimal, type EngineRecord, parseJsonExact, Timestamp, type Value } from '@velo/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createSink, databaseUrl, sql, uniqueName } from './test-support.ts';

const tables: string[] = [];
function newTable(prefix: string): string {
  const name = uniqueName(prefix);
  tables.push(name);
  return name;
}

afterAll(async () => {
  for (const t of tables) await sql(`DROP TABLE IF EXISTS ${t}`);
});

function rec(fields: Record<string, Value>): EngineRecord {
  return { fields, eventTime: 0 };
}

/** Every row as text, ordered by the first column. */
async function dump(table: string): Promise<string[][]> {
  const result = await sql(`SELECT * FROM ${table} ORDER BY 1`);
  return result.rows.map((r) => Object.values(r).map((v) => (v === null ? 'NULL' : String(v))));
}

describe('PostgreSQL sink', () => {
  it('creates the table from the output (create=true) and upserts by key', async () => {
    const table = newTable('pgupsert');
    const sink = await createSink(`${databaseUrl()}?table=${table}&mode=upsert&key=id&create=true`);
    const columns = ['id', 'amount', 'ts', 'payload', 'ok', 'note', 'ratio'];
    const row = (id: bigint, amount: string, note: string) =>
      rec({
        id,
        amount: Decimal.parse(amount),
        ts: new Timestamp(Date.UTC(2024, 0, 1, 0, 0, 0, 5)),
        payload: parseJsonExact('{"price": 120.50, "tags": ["a"]}'),
        ok: id % 2n === 0n,
        note,
        ratio: 0.5,
      });
    await sink.writeBatch(columns, [
      row(1n, '123456789012.34', 'first'),
      row(2n, '0.01', 'second'),
      row(1n, '123456789012.35', 'first again'), // same key in one batch: the last one wins
    ]);
    await sink.writeBatch(columns, [row(2n, '99999999999999999999.99', 'second again')]);
    await sink.flush();
    await sink.close();

    const schema = await sql(
      `SELECT column_name, format_type(atttypid, atttypmod) AS type
         FROM information_schema.columns c
         JOIN pg_attribute a ON a.attrelid = $1::regclass AND a.attname = c.column_name
        WHERE c.table_name = $2 ORDER BY c.ordinal_position`,
      [table, table],
    );
    expect(schema.rows.map((r) => `${r.column_name} ${r.type}`)).toEqual([
      'id bigint',
      'amount numeric(38,2)',
      'ts timestamp with time zone',
      'payload jsonb',
      'ok boolean',
      'note text',
      'ratio double precision',
    ]);
    const pk = await sql(
      `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = $1::regclass AND i.indisprimary`,
      [table],
    );
    expect(pk.rows.map((r) => r.attname)).toEqual(['id']);
    const rows = await sql(
      `SELECT id::text, amount::text, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS ts,
              payload::text, ok, note, ratio FROM ${table} ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      {
        id: '1',
        amount: '123456789012.35',
        ts: '2024-01-01 00:00:00.005',
        payload: '{"tags": ["a"], "price": 120.50}',
        ok: false,
        note: 'first again',
        ratio: 0.5,
      },
      {
        id: '2',
        amount: '99999999999999999999.99',
        ts: '2024-01-01 00:00:00.005',
        payload: '{"tags": ["a"], "price": 120.50}',
        ok: true,
        note: 'second again',
        ratio: 0.5,
      },
    ]);
  });

  it('inserts into an existing table, one transaction per batch, decimals exact', async () => {
    const table = newTable('pginsert');
    await sql(`CREATE TABLE ${table} (id int, amount numeric(14,2), note varchar(20))`);
    const sink = await createSink(`${databaseUrl()}?table=${table}`);
    const records = Array.from({ length: 2500 }, (_, i) =>
      rec({ id: BigInt(i), amount: Decimal.parse('123456789012.34'), note: null }),
    );
    // Bytes written: the values' text (ids 0..2499 are 8,890 digits, amounts 2,500 × 15).
    expect(await sink.writeBatch(['id', 'amount', 'note'], records)).toBe(8_890 + 37_500);
    const total = await sql(`SELECT count(*)::int AS n, sum(amount)::text AS s FROM ${table}`);
    expect(total.rows[0]).toEqual({ n: 2500, s: '308641972530850.00' });

    // A value the column cannot hold fails the whole batch, naming the column; nothing of it is written.
    await expect(
      sink.writeBatch(
        ['id', 'amount', 'note'],
        [
          rec({ id: 9000n, amount: Decimal.parse('1.00'), note: 'fine' }),
          rec({ id: 9001n, amount: Decimal.parse('1.005'), note: 'rounded' }),
        ],
      ),
    ).rejects.toThrow(
      `cannot write to '${databaseUrl().replace(':postgres@', ':***@')}?table=${table}': column "amount" (numeric(14,2)) cannot hold 1.005 (DECIMAL): would be rounded or overflow`,
    );
    // A value the server rejects rolls back the batch too.
    await expect(
      sink.writeBatch(
        ['id', 'amount', 'note'],
        [
          rec({ id: 9002n, amount: Decimal.parse('2.00'), note: 'fine' }),
          rec({ id: 9003n, amount: Decimal.parse('2.00'), note: 'x'.repeat(21) }),
        ],
      ),
    ).rejects.toThrow('value too long for type character varying(20)');
    const after = await sql(`SELECT count(*)::int AS n FROM ${table} WHERE id >= 9000`);
    expect(after.rows[0].n).toBe(0);
    await expect(
      sink.writeBatch(['id', 'missing'], [rec({ id: 1n, missing: 1n })]),
    ).rejects.toThrow(`column "missing" does not exist in table "${table}"`);
    await sink.close();
    expect(await dump(table)).toHaveLength(2500);
  });

  it('refuses a missing table without create=true', async () => {
    const table = uniqueName('pgmissing');
    await expect(createSink(`${databaseUrl()}?table=${table}`)).rejects.toThrow(
      `table "${table}" does not exist in '${databaseUrl().replace(':postgres@', ':***@')}?table=${table}' (add create=true to create it)`,
    );
  });
});
