import { createDatagen, type EngineRecord, parseDatagenUri } from '@velo/engine';
import type { Source, SourceBatch, SourceOptions } from '../types.ts';
import { parseDatagenConfig } from './config.ts';

type Generator = ReturnType<typeof createDatagen>;

/** Wraps the engine's seeded generator; the position is the number of records emitted. */
export class DatagenSource implements Source {
  private emitted = 0;
  private now: () => number;

  constructor(
    readonly uri: string,
    private readonly generator: Generator,
    readonly bounded: boolean,
    options: SourceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Regenerates and discards `count` records: generators are deterministic for a seed. */
  skip(count: number): void {
    while (this.emitted < count && !this.generator.done) {
      const batch = this.generator.nextBatch(Math.min(10_000, count - this.emitted), this.now());
      if (batch.length === 0) break;
      this.emitted += batch.length;
    }
  }

  async readBatch(max: number): Promise<SourceBatch> {
    let records: EngineRecord[] = [];
    if (!this.generator.done) records = this.generator.nextBatch(max, this.now());
    this.emitted += records.length;
    if (records.length === 0 && !this.generator.done) {
      // Rate-limited generator has nothing due yet; yield instead of spinning.
      await new Promise((r) => setTimeout(r, 5));
    }
    return { records, done: this.generator.done, position: this.emitted, deadLetters: [] };
  }

  async commit(): Promise<void> {}
  async close(): Promise<void> {}
}

export async function createDatagenSource(uri: string, options: SourceOptions): Promise<Source> {
  const config = parseDatagenConfig(uri);
  if (typeof config === 'string') throw new Error(config);
  const spec = parseDatagenUri(uri);
  if ('error' in spec) throw new Error(String(spec.error));
  const generator = createDatagen(spec as Parameters<typeof createDatagen>[0]);
  const source = new DatagenSource(uri, generator, config.limit !== undefined, options);
  if (typeof options.resumeFrom === 'number') source.skip(options.resumeFrom);
  return source;
}
