import type { Column } from '@velo/engine';
import type { SecretDeps } from '../context.ts';
import { sampleSource } from '../preview/sample-source.ts';

/** Enough records to see every column of a typical source and its types, read quickly. */
export const COLUMN_SAMPLE_SIZE = 200;
export const COLUMN_SAMPLE_TIMEOUT_MS = 5_000;

export interface SampledColumns {
  uri: string;
  columns: Column[];
  /** How many records the types were inferred from (0: the source is empty, no columns). */
  sampled: number;
  timedOut: boolean;
}

/**
 * The columns of a source and their types, inferred by the engine from a sample read exactly as
 * the preview reads one (saved connection resolved on the server, egress policy, read-only, no
 * offsets committed, bounded in time). The records themselves are not returned: a VIEWER sees
 * the shape of a source, not its data. Audited as `catalog.columns`.
 */
export async function sampleColumns(
  deps: Omit<SecretDeps, 'keyring'> & { keyring: () => SecretDeps['keyring'] },
  input: { teamId: string; uri: string },
): Promise<SampledColumns> {
  const sample = await sampleSource(
    deps,
    { teamId: input.teamId, uri: input.uri, limit: COLUMN_SAMPLE_SIZE },
    COLUMN_SAMPLE_TIMEOUT_MS,
    'catalog.columns',
  );
  return {
    uri: input.uri,
    columns: sample.columns,
    sampled: sample.records.length,
    timedOut: sample.timedOut,
  };
}
