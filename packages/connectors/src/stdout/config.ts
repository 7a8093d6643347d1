import { z } from 'zod';
import { paramsToObject, parseUri } from '../uri.ts';

export const ZStdoutParams = z
  .object({
    format: z.enum(['jsonl', 'csv']).default('jsonl'),
    delimiter: z.string().min(1).max(1).default(','),
    header: z.enum(['true', 'false']).default('true'),
  })
  .passthrough();

export interface StdoutConfig {
  format: 'jsonl' | 'csv';
  delimiter: string;
  header: boolean;
}

/** `stdout://`, `stdout:` or `stdout://?format=csv` → config, or an error message. */
export function parseStdoutUri(uri: string): StdoutConfig | string {
  const url = parseUri(uri);
  if (url?.protocol !== 'stdout:') return `invalid stdout URI '${uri}'`;
  const parsed = ZStdoutParams.safeParse(paramsToObject(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `invalid parameter '${issue.path.join('.')}' in '${uri}': ${issue.message}`;
  }
  const p = parsed.data;
  return { format: p.format, delimiter: p.delimiter, header: p.header === 'true' };
}
