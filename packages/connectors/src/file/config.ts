import type { SqlType } from '@velo/engine';
import { z } from 'zod';
import { EVENT_TIME_FORMATS, type EventTimeSpec } from '../event-time.ts';
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
    format: z.enum(['jsonl', 'csv']).optional(),
    header: z.enum(['true', 'false']).optional(),
    delimiter: z.string().min(1).max(1).optional(),
    columns: list,
    types: z
      .string()
      .transform((s) => s.split(',').map((p) => p.trim().toUpperCase()))
      .pipe(z.array(z.enum(SQL_TYPES)))
      .optional(),
    'event.time.field': z.string().min(1).optional(),
    'event.time.format': z.enum(EVENT_TIME_FORMATS as [string, ...string[]]).optional(),
    mode: z.enum(['overwrite', 'append']).optional(),
  })
  .passthrough();

export interface FileConfig {
  /** Absolute path; may contain glob characters in its last segment. */
  path: string;
  format: 'jsonl' | 'csv';
  header: boolean;
  delimiter: string;
  columns?: string[];
  types?: SqlType[];
  eventTime: EventTimeSpec | null;
  append: boolean;
  /** Every URI parameter, including ones the engine reads (watermark.delay...). */
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
  const format = p.format ?? (/\.csv$/i.test(path) ? 'csv' : 'jsonl');
  if (p.columns && p.types && p.columns.length !== p.types.length) {
    return `'columns' has ${p.columns.length} names but 'types' has ${p.types.length}`;
  }
  const field = p['event.time.field'];
  return {
    path,
    format,
    header: p.header === undefined ? !p.columns : p.header === 'true',
    delimiter: p.delimiter ?? ',',
    columns: p.columns,
    types: p.types as SqlType[] | undefined,
    eventTime: field
      ? {
          field,
          format: (p['event.time.format'] ?? 'auto') as EventTimeSpec['format'],
        }
      : null,
    append: p.mode === 'append',
    params: paramsToObject(url.searchParams),
  };
}
