import { RowFormatter } from '@velo/connectors';
import type { EngineRecord } from '@velo/engine';
import { ResultTable } from '@velo/runtime';
import { execute } from '../execute.ts';
import { formatTable } from '../format-table.ts';
import { CliError, type CliIO, writeAndDrain } from '../io.ts';
import { parseSourceFlags } from '../sources.ts';

export interface QueryOptions {
  sql: string;
  sources: string[];
  format: 'jsonl' | 'csv' | 'table';
  /** `table`: the final row per group, as a batch engine prints; `changelog`: every change. */
  mode: 'table' | 'changelog';
  limit?: number;
}

/** `velo query "<SQL>"`: runs a SELECT over its sources and prints its result rows. */
export async function runQuery(io: CliIO, options: QueryOptions): Promise<number> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (limit === 0) return 0;
  const formatter = options.format === 'table' ? null : new RowFormatter(options.format, ',', true);
  const table = new ResultTable();
  let columns: string[] = [];
  let printed = 0;
  const print = async (records: EngineRecord[]) => {
    const take = records.slice(0, limit - printed);
    printed += take.length;
    if (formatter) {
      const text = formatter.formatRows(columns, take);
      if (text) await writeAndDrain(io.stdout, text);
    }
    return take;
  };
  const printedRows: EngineRecord[] = [];
  await execute(io, {
    sql: options.sql,
    bindings: parseSourceFlags(options.sources, io.cwd),
    writeSinks: false,
    commitOnStop: false,
    async onOutput(batch) {
      // Only the plain SELECT's result is printed; a query never writes INTO sinks.
      if (batch.sink !== 'result') return false;
      columns = batch.columns;
      // In table mode rows that no later row can update are final as soon as they come.
      const final = options.mode === 'table' ? table.add(batch.records) : batch.records;
      printedRows.push(...(await print(final)));
      return printed >= limit;
    },
  });
  printedRows.push(...(await print(table.records())));
  if (!formatter) await writeAndDrain(io.stdout, formatTable(columns, printedRows));
  return 0;
}

export function parseFormat(value: string | undefined): QueryOptions['format'] {
  if (value === undefined) return 'jsonl';
  if (value === 'jsonl' || value === 'csv' || value === 'table') return value;
  throw new CliError(`--format must be jsonl, csv or table, got '${value}'`);
}

export function parseMode(value: string | undefined): QueryOptions['mode'] {
  if (value === undefined) return 'table';
  if (value === 'table' || value === 'changelog') return value;
  throw new CliError(`--mode must be table or changelog, got '${value}'`);
}

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new CliError(`--limit must be a non-negative integer, got '${value}'`);
  return Number(value);
}
