import { RowFormatter } from '@velo/connectors';
import type { EngineRecord } from '@velo/engine';
import { execute } from '../execute.ts';
import { formatTable } from '../format-table.ts';
import { CliError, type CliIO, writeAndDrain } from '../io.ts';
import { parseSourceFlags } from '../sources.ts';

export interface QueryOptions {
  sql: string;
  sources: string[];
  format: 'jsonl' | 'csv' | 'table';
  limit?: number;
}

/** `velo query "<SQL>"`: runs a SELECT over bounded sources and prints its result rows. */
export async function runQuery(io: CliIO, options: QueryOptions): Promise<number> {
  const bindings = parseSourceFlags(options.sources, io.cwd);
  const formatter = options.format === 'table' ? null : new RowFormatter(options.format, ',', true);
  const tableRows: EngineRecord[] = [];
  let tableColumns: string[] = [];
  let printed = 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (limit === 0) return 0;
  await execute(io, options.sql, bindings, {
    async onOutput(batch) {
      // Only the plain SELECT's result is printed; CREATE STREAM … INTO writes to its sink.
      if (batch.sink !== 'result') return false;
      const take = batch.records.slice(0, limit - printed);
      printed += take.length;
      if (formatter) {
        const text = formatter.formatRows(batch.columns, take);
        if (text) await writeAndDrain(io.stdout, text);
      } else {
        tableColumns = batch.columns;
        tableRows.push(...take);
      }
      return printed >= limit;
    },
  });
  if (!formatter) await writeAndDrain(io.stdout, formatTable(tableColumns, tableRows));
  return 0;
}

export function parseFormat(value: string | undefined): QueryOptions['format'] {
  if (value === undefined) return 'jsonl';
  if (value === 'jsonl' || value === 'csv' || value === 'table') return value;
  throw new CliError(`--format must be jsonl, csv or table, got '${value}'`);
}

export function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new CliError(`--limit must be a non-negative integer, got '${value}'`);
  return Number(value);
}
