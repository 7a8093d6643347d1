import { parseDuration, type SqlType } from '@velo/engine';
import { z } from 'zod';
import { paramsToObject, parseUri } from '../uri.ts';

const SQL_TYPES = [
  'BOOLEAN',
  'INTEGER',
  'FLOAT',
  'DECIMAL',
  'STRING',
  'TIMESTAMP',
  'JSON',
] as const;

const list = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()))
  .optional();

export const ZFileParams = z
  .object({
    format: z.enum(['jsonl', 'csv', 'parquet']).optional(),
    header: z.enum(['true', 'false']).optional(),
    delimiter: z.string().min(1).max(1).optional(),
    columns: list,
    types: z
      .string()
      .transform((s) => s.split(',').map((p) => p.trim().toUpperCase()))
      .pipe(z.array(z.enum(SQL_TYPES)))
      .optional(),
    mode: z.enum(['overwrite', 'append']).optional(),
    watch: z.enum(['true', 'false']).optional(),
    'max.record.bytes': z.coerce.number().int().positive().optional(),
    'watch.interval': z.string().optional(),
  })
  .passthrough();

export interface FileConfig {
  /** Absolute path; may contain glob characters in its last segment. */
  path: string;
  format: 'jsonl' | 'csv' | 'parquet';
  header: boolean;
  delimiter: string;
  /** CSV: the names of headerless columns; Parquet: the columns to read. */
  columns?: string[];
  types?: SqlType[];
  append: boolean;
  /** Keep listing the glob for new files (an unbounded source). */
  watch: boolean;
  watchIntervalMs: number;
  /** Longest record read; a longer one goes to the dead letters (default 16 MiB). */
  maxRecordBytes: number;
  /** Every URI parameter, including the ones the engine reads (event.time.*, watermark.delay). */
  params: Record<string, string>;
}

/** Parses `file:///abs/path.csv?format=csv&header=true...` into a config, or an error message. */
export function parseFileUri(uri: string): FileConfig | string {
  const url = parseUri(uri);
  if (url?.protocol !== 'file:') return `invalid file URI '${uri}'`;
  if (url.host !== '') return `file URI must be absolute (file:///path), got '${uri}'`;
  const path = decodeURIComponent(url.pathname);
  const parsed = ZFileParams.safeParse(paramsToObject(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `invalid parameter '${issue.path.join('.')}' in '${uri}': ${issue.message}`;
  }
  const p = parsed.data;
  const format =
    p.format ?? (/\.csv$/i.test(path) ? 'csv' : /\.parquet$/i.test(path) ? 'parquet' : 'jsonl');
  if (format === 'parquet' && p.types) {
    return `'types' does not apply to format=parquet in '${uri}': a Parquet file declares its column types`;
  }
  if (p.columns && p.types && p.columns.length !== p.types.length) {
    return `'columns' has ${p.columns.length} names but 'types' has ${p.types.length}`;
  }
  const watchIntervalMs =
    p['watch.interval'] === undefined ? 1000 : parseDuration(p['watch.interval']);
  if (watchIntervalMs === null) {
    return `invalid parameter 'watch.interval' in '${uri}': expected a duration such as 500ms or 2s`;
  }
  return {
    path,
    format,
    header: p.header === undefined ? !p.columns : p.header === 'true',
    delimiter: p.delimiter ?? ',',
    columns: p.columns,
    types: p.types as SqlType[] | undefined,
    append: p.mode === 'append',
    watch: p.watch === 'true',
    watchIntervalMs,
    maxRecordBytes: p['max.record.bytes'] ?? 16 * 1024 * 1024,
    params: paramsToObject(url.searchParams),
  };
}
