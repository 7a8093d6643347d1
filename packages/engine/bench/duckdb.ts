/** Runs a Nexmark query in DuckDB (one thread) over the same events, timing CPU. */
import { DuckDBInstance } from '@duckdb/node-api';
import type { EngineRecord, Value } from '../src/index.ts';
import { epochMs, type Kind, type NexmarkData } from './nexmark.ts';
import type { BenchQuery } from './queries.ts';

type ColumnType = 'BIGINT' | 'DOUBLE' | 'VARCHAR';

function columnType(v: Value): ColumnType {
  if (typeof v === 'bigint') return 'BIGINT';
  if (typeof v === 'number') return 'DOUBLE';
  if (v !== null && typeof v === 'object' && 'ms' in v) return 'BIGINT';
  if (v !== null && typeof v === 'object' && 'unscaled' in v) return 'DOUBLE';
  return 'VARCHAR';
}

export interface DuckResult {
  events: number;
  outputRecords: number;
  cpuSeconds: number;
  wallSeconds: number;
}

export async function runDuckDb(query: BenchQuery, data: NexmarkData): Promise<DuckResult> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const db = await instance.connect();
  let events = 0;
  for (const kind of query.sources as Kind[]) {
    const records: EngineRecord[] = data[kind];
    events += records.length;
    const names = Object.keys(records[0].fields);
    const types = names.map((n) => columnType(records[0].fields[n]));
    await db.run(
      `CREATE TABLE ${kind} (${names.map((n, i) => `${n} ${types[i]}`).join(', ')}, ms BIGINT)`,
    );
    const appender = await db.createAppender(kind);
    for (const r of records) {
      names.forEach((n, i) => {
        const v = r.fields[n];
        if (v === null || v === undefined) appender.appendNull();
        else if (typeof v === 'object' && 'ms' in v) appender.appendBigInt(BigInt(epochMs(v)));
        else if (types[i] === 'BIGINT') appender.appendBigInt(BigInt(v as bigint));
        else if (types[i] === 'DOUBLE') appender.appendDouble(Number(String(v)));
        else appender.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v));
      });
      appender.appendBigInt(BigInt(epochMs(r.fields.date_time)));
      appender.endRow();
    }
    appender.closeSync();
  }
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await db.run(`CREATE TEMP TABLE result AS ${query.duckdb}`);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const out = await db.runAndReadAll('SELECT COUNT(*) AS n FROM result');
  const outputRecords = Number(out.getRowsJS()[0][0]);
  db.closeSync();
  instance.closeSync();
  return { events, outputRecords, cpuSeconds: (cpu.user + cpu.system) / 1e6, wallSeconds: wall };
}
