/**
 * Back-pressure: records and bytes read from sources whose output is not yet written by the
 * sinks. Writes run behind the reader (one ordered chain per sink); the reader waits when the
 * budget is full, so a slow sink slows the sources instead of growing memory.
 */
export class InFlight {
  records = 0;
  bytes = 0;
  private pending = new Set<Promise<void>>();
  private failure: unknown = null;
  private failed = false;

  constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
  ) {}

  /** Tracks the writes caused by one source batch until they all settle. */
  track(records: number, bytes: number, writes: Promise<unknown>[]): void {
    if (writes.length === 0) return;
    this.records += records;
    this.bytes += bytes;
    const p: Promise<void> = Promise.all(writes).then(
      () => {
        this.release(p, records, bytes);
      },
      (e) => {
        this.release(p, records, bytes);
        if (!this.failed) {
          this.failed = true;
          this.failure = e;
        }
      },
    );
    this.pending.add(p);
  }

  private release(p: Promise<void>, records: number, bytes: number): void {
    this.pending.delete(p);
    this.records -= records;
    this.bytes -= bytes;
  }

  get full(): boolean {
    return this.records > this.maxRecords || this.bytes > this.maxBytes;
  }

  /** Throws the first failed write, once. */
  check(): void {
    if (this.failed) throw this.failure;
  }

  /** Waits until the budget has room again. */
  async waitForRoom(): Promise<void> {
    while (this.full && this.pending.size > 0) {
      await Promise.race(this.pending);
      this.check();
    }
  }

  /** Waits for every write (checkpoint barriers, the end of the run). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    this.check();
  }
}
