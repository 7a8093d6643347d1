import type { Source, SourceBatch } from './types.ts';

/**
 * Reads one batch ahead (to infer a schema from a sample before compiling) and returns a
 * Source that hands that batch out first, so the run loop sees every record exactly once.
 */
export async function peekSource(
  source: Source,
  max: number,
): Promise<{ sample: SourceBatch; source: Source }> {
  const sample = await source.readBatch(max);
  let replay: SourceBatch | null = sample;
  const wrapped: Source = {
    uri: source.uri,
    bounded: source.bounded,
    async readBatch(n) {
      if (replay) {
        const b = replay;
        replay = null;
        return b;
      }
      return source.readBatch(n);
    },
    commit: (position) => source.commit(position),
    close: () => source.close(),
  };
  if (source.pause) wrapped.pause = () => source.pause?.();
  if (source.resume) wrapped.resume = () => source.resume?.();
  // Without it a peeked Kafka source (every worker job whose schema is sampled) reports no lag.
  if (source.lag) wrapped.lag = () => source.lag?.() ?? Promise.resolve([]);
  return { sample, source: wrapped };
}
