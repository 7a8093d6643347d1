import { createDatagen, type DatagenSource as Generator, parseDatagenUri } from '@velo/engine';
import type { Source, SourceBatch, SourceOptions } from '../types.ts';
import { parseDatagenConfig } from './config.ts';

type GeneratorPosition = Generator['position'];

/**
 * Wraps the engine's seeded generator. A bounded generator (`limit`) produces as fast as it is
 * read (event times are still spaced by `rate`); an unbounded one is paced in wall-clock time
 * at `rate` events per second. The position is the generator's own (emitted, event number).
 */
export class DatagenSource implements Source {
  private now: () => number;
  /** Read as a table: a generator has no end to load to, so its first batch counts as loaded. */
  private tableLoadPending: boolean;

  constructor(
    readonly uri: string,
    private readonly generator: Generator,
    readonly bounded: boolean,
    options: SourceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.tableLoadPending = options.asTable === true && !bounded;
  }

  async readBatch(max: number): Promise<SourceBatch> {
    const records = this.generator.done
      ? []
      : this.generator.nextBatch(max, this.bounded ? undefined : this.now());
    if (records.length === 0 && !this.generator.done) {
      // Nothing due yet at this rate: wait a little instead of spinning.
      await new Promise((r) => setTimeout(r, 5));
    }
    const tableLoaded = this.tableLoadPending ? true : undefined;
    this.tableLoadPending = false;
    return {
      records,
      tableLoaded,
      done: this.generator.done,
      position: this.generator.position,
      deadLetters: [],
    };
  }

  async commit(): Promise<void> {}
  async close(): Promise<void> {}
}

export async function createDatagenSource(uri: string, options: SourceOptions): Promise<Source> {
  const config = parseDatagenConfig(uri);
  if (typeof config === 'string') throw new Error(config);
  const spec = parseDatagenUri(uri);
  if ('error' in spec) throw new Error(spec.error);
  const generator = createDatagen(spec);
  const resume = options.resumeFrom as GeneratorPosition | undefined;
  if (resume) generator.seek(resume);
  return new DatagenSource(uri, generator, spec.limit !== undefined, options);
}
