/**
 * Consumer lag of a Kafka source per partition, in records and in seconds. Records: the high
 * watermark minus the next offset to hand out. Seconds (DESIGN §5): the timestamp of the newest
 * unread message minus the timestamp of the last one read. Kafka has no request that returns a
 * partition's newest timestamp through kafkajs, so it is found by bisection on
 * ListOffsets-by-timestamp (the first offset at or after a time): the newest message's time is
 * the latest time for which such an offset still lies below the high watermark. About 20
 * small requests per partition, made only while the partition lags and at most every
 * `minIntervalMs`.
 */
import type { SourceLag } from '@velo/runtime';
import type { Admin } from 'kafkajs';

/** Time resolution of the seconds lag. */
const PRECISION_MS = 100;

export interface PartitionReadState {
  /** Next offset to hand out. */
  next: number;
  /** Timestamp of the last message handed out (epoch ms); undefined before any. */
  lastTimestamp?: number;
}

export class KafkaLagProbe {
  private last: SourceLag[] = [];
  private lastAt = 0;

  constructor(
    private readonly admin: () => Promise<Admin>,
    private readonly topic: string,
    private readonly minIntervalMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  async measure(partitions: Map<number, PartitionReadState>): Promise<SourceLag[]> {
    if (this.now() - this.lastAt < this.minIntervalMs) return this.last;
    const admin = await this.admin();
    const offsets = await admin.fetchTopicOffsets(this.topic);
    const result: SourceLag[] = [];
    let complete = true;
    for (const o of offsets) {
      const state = partitions.get(o.partition);
      if (!state) continue;
      const high = Number(o.high);
      const records = Math.max(0, high - state.next);
      let seconds = 0;
      if (records > 0 && state.lastTimestamp === undefined) complete = false;
      if (records > 0 && state.lastTimestamp !== undefined) {
        const newest = await this.newestTimestamp(admin, o.partition, high, state.lastTimestamp);
        seconds = Math.max(0, (newest - state.lastTimestamp) / 1000);
      }
      result.push({ partition: String(o.partition), records, seconds });
    }
    this.last = result;
    // Right after a (re)start no partition is assigned yet, or nothing was read from a lagging
    // one (its lag in seconds is unknown and reads 0): measure again at the next call rather
    // than report that for `minIntervalMs`, or a backlog worked off within it never shows.
    if (complete && result.length > 0) this.lastAt = this.now();
    return result;
  }

  /** The largest time t (to PRECISION_MS) such that some message at or after t is below `high`. */
  private async newestTimestamp(
    admin: Admin,
    partition: number,
    high: number,
    from: number,
  ): Promise<number> {
    const below = async (t: number) => {
      const found = await admin.fetchTopicOffsetsByTimestamp(this.topic, t);
      const p = found.find((x) => x.partition === partition);
      const offset = p ? Number(p.offset) : -1;
      return offset >= 0 && offset < high;
    };
    let lo = from; // a message at or after `from` exists (the partition lags)
    let hi = Math.max(this.now(), from) + 60_000; // allow producer clocks a minute ahead
    if (await below(hi)) return hi;
    while (hi - lo > PRECISION_MS) {
      const mid = Math.floor((lo + hi) / 2);
      if (await below(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}
