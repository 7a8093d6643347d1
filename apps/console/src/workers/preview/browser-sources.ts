/**
 * Sources the preview reads in the browser, implementing the runtime's Source contract so the
 * run loop drives them like any connector: datagen (generated here, unpaced: event time runs as
 * fast as the engine consumes it) and samples the API read with the team's credentials.
 */
import { createDatagen, type DatagenSource, decodeRecord, parseDatagenUri } from '@velo/engine';
import { ArraySource, type Source, type SourceBatch } from '@velo/runtime';

class DatagenPreviewSource implements Source {
  readonly bounded: boolean;
  constructor(
    readonly uri: string,
    private readonly generator: DatagenSource,
  ) {
    this.bounded = generator.spec.limit !== undefined;
  }
  async readBatch(max: number): Promise<SourceBatch> {
    const records = this.generator.nextBatch(max);
    return {
      records,
      done: this.generator.done,
      position: this.generator.position,
      deadLetters: [],
    };
  }
  async commit(): Promise<void> {}
  async close(): Promise<void> {}
}

export function isBrowserSource(uri: string | undefined): boolean {
  return uri !== undefined && /^datagen:/i.test(uri.trim());
}

/** Opens a datagen source, or the API's sample of any other source. */
export function openPreviewSource(
  id: string,
  uri: string | undefined,
  samples: Record<string, unknown[]>,
): Source {
  if (uri !== undefined && isBrowserSource(uri)) {
    const spec = parseDatagenUri(uri);
    if ('error' in spec) throw new Error(spec.error);
    return new DatagenPreviewSource(uri, createDatagen(spec));
  }
  const sample = samples[id];
  if (!sample) throw new Error(`no sample of ${id}: only datagen sources run in the browser`);
  return new ArraySource(uri ?? id, sample.map(decodeRecord));
}
