/**
 * Local lease deadline: a worker may write to sinks only while its last renewal is fresher
 * than the lease minus a safety margin. A worker that was paused (SIGSTOP, GC, partition) wakes
 * up past the deadline and writes nothing before it learns from the database that its lease
 * is gone. The database check of the epoch on every checkpoint write is the second fence.
 */
import type { Sink } from '@velo/runtime';
import { FencedError } from './checkpoint-store.ts';

export class LeaseClock {
  private validUntil: number;
  private lost = false;

  constructor(
    private readonly leaseMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.validUntil = this.now() + this.safeMs();
  }

  /** What is left of the lease that may be used; the rest covers clock drift and slow writes. */
  private safeMs(): number {
    return this.leaseMs - Math.min(2000, Math.floor(this.leaseMs / 4));
  }

  /** Call with the time the successful renewal was *sent* (the lease may start no earlier). */
  renewed(sentAt: number): void {
    if (!this.lost) this.validUntil = sentAt + this.safeMs();
  }

  markLost(): void {
    this.lost = true;
  }

  get held(): boolean {
    return !this.lost && this.now() < this.validUntil;
  }

  assertHeld(what: string): void {
    if (!this.held) throw new FencedError(`lease lost; refusing to ${what}`);
  }
}

/** A sink that refuses to write or flush once the lease may have passed to another worker. */
export function fenceSink(sink: Sink, clock: LeaseClock): Sink {
  return {
    uri: sink.uri,
    async writeBatch(columns, records) {
      clock.assertHeld(`write to ${sink.uri}`);
      await sink.writeBatch(columns, records);
    },
    async flush() {
      clock.assertHeld(`flush ${sink.uri}`);
      await sink.flush();
    },
    close: () => sink.close(),
  };
}
