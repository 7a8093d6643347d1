/**
 * In-memory Source and Sink: the browser preview feeds sampled records through them, and tests
 * use them as real implementations of the contract (positions, commits, durability on flush).
 */
import type { EngineRecord } from '@velo/engine';
import type { Sink, Source, SourceBatch, SourceDeadLetter } from './types.ts';

export interface ArraySourceOptions {
  /** Unbounded: never reports done, returns empty batches once the array is read. */
  bounded?: boolean;
  /** Index to start at (a position from an earlier run). */
  resumeFrom?: number;
  /** Dead letters to report with the batch that reads the record at the given index. */
  deadLetters?: Map<number, SourceDeadLetter>;
  /** Read as a join's table side: report `tableLoaded` once the array is read. */
  asTable?: boolean;
}

/** Reads an array of records; its position is the index of the next record. */
export class ArraySource implements Source {
  readonly bounded: boolean;
  position: number;
  readonly commits: number[] = [];
  paused = false;
  closed = false;

  constructor(
    readonly uri: string,
    private readonly records: EngineRecord[],
    private readonly options: ArraySourceOptions = {},
  ) {
    this.bounded = options.bounded ?? true;
    this.position = options.resumeFrom ?? 0;
  }

  async readBatch(max: number): Promise<SourceBatch> {
    const start = this.position;
    const end = Math.min(this.records.length, start + Math.max(0, max));
    const records: EngineRecord[] = [];
    const deadLetters: SourceDeadLetter[] = [];
    for (let i = start; i < end; i++) {
      const dead = this.options.deadLetters?.get(i);
      if (dead) deadLetters.push(dead);
      else records.push({ ...this.records[i], fields: { ...this.records[i].fields } });
    }
    this.position = end;
    const atEnd = end >= this.records.length;
    return {
      records,
      done: this.bounded && atEnd,
      tableLoaded: this.options.asTable && atEnd ? true : undefined,
      position: end,
      deadLetters,
    };
  }

  async commit(position: unknown): Promise<void> {
    this.commits.push(position as number);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Keeps written rows; `durable` holds only what was flushed (what survives a crash). */
export class MemorySink implements Sink {
  columns: string[] = [];
  /** Rows written, durable or not, as records. */
  readonly written: EngineRecord[] = [];
  /** Rows made durable by `flush`. */
  readonly durable: EngineRecord[] = [];
  flushes = 0;
  closed = false;

  constructor(readonly uri: string) {}

  async writeBatch(columns: string[], records: EngineRecord[]): Promise<void> {
    this.columns = columns;
    this.written.push(...records);
  }

  async flush(): Promise<void> {
    this.durable.push(...this.written.slice(this.durable.length));
    this.flushes++;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}
