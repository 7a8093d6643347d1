/**
 * Result sets of a preview, as Flink's SQL client shows them: the changelog (every emitted row
 * with its op) and the table (a materialized view: a later row for the same group/window key
 * replaces the earlier one).
 */
import type { OutputChunk, OutputInfo, ResultRow } from '~/workers/engine-protocol';

export interface ResultSet {
  info: OutputInfo;
  columns: string[];
  changelog: ResultRow[];
  table: ResultRow[];
  tableIndex: Map<string, number>;
}

export function emptyResultSet(info: OutputInfo): ResultSet {
  return { info, columns: info.columns, changelog: [], table: [], tableIndex: new Map() };
}

/** Adds a chunk in place (result sets grow to 10,000+ rows: no copying per chunk). */
export function appendChunk(set: ResultSet, chunk: OutputChunk): void {
  if (set.columns.length === 0 || set.changelog.length === 0) set.columns = chunk.columns;
  for (const row of chunk.rows) {
    const existing = row.key === null ? undefined : set.tableIndex.get(row.key);
    if (existing === undefined) {
      const inserted: ResultRow = { ...row, op: '+I' };
      set.changelog.push(inserted);
      if (row.key !== null) set.tableIndex.set(row.key, set.table.length);
      set.table.push(inserted);
    } else {
      const updated: ResultRow = { ...row, op: '+U' };
      set.changelog.push(updated);
      set.table[existing] = updated;
    }
  }
}

/** The tab label: the sink a statement would write to, else its stream/table name. */
export function outputLabel(info: OutputInfo): string {
  if (info.into) return `→ ${info.into}`;
  if (info.sink === 'result') return `Statement ${info.statement + 1}`;
  return info.sink;
}

export function outputKey(info: Pick<OutputInfo, 'statement' | 'sink'>): string {
  return `${info.statement}:${info.sink}`;
}
