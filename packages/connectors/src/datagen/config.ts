import { z } from 'zod';
import { paramsToObject, parseUri } from '../uri.ts';

export const ZDatagenParams = z
  .object({
    rate: z.coerce.number().positive().optional(),
    seed: z.coerce.number().int().optional(),
    limit: z.coerce.number().int().nonnegative().optional(),
  })
  .passthrough();

export interface DatagenConfig {
  generator: string;
  rate?: number;
  seed?: number;
  limit?: number;
}

/** `datagen://orders?rate=100&seed=1&limit=1000` → config, or an error message. */
export function parseDatagenConfig(uri: string): DatagenConfig | string {
  const url = parseUri(uri);
  if (url?.protocol !== 'datagen:') return `invalid datagen URI '${uri}'`;
  const generator = url.host || url.pathname.replace(/^\/+/, '');
  if (!generator) return `datagen URI needs a generator name, e.g. datagen://orders`;
  const parsed = ZDatagenParams.safeParse(paramsToObject(url.searchParams));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `invalid parameter '${issue.path.join('.')}' in '${uri}': ${issue.message}`;
  }
  return { generator, ...parsed.data };
}
