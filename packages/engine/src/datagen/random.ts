/**
 * Deterministic per-event randomness: every event's stream is derived from (seed, event
 * number) alone, so any event can be regenerated without replaying the ones before it
 * (restarts from a checkpoint, parallel generation, benchmarks).
 */
export class EventRandom {
  private s = 0;

  /** Position the stream at event `n` (any non-negative safe integer) of generator `seed`. */
  reset(seed: number, n: number): this {
    const lo = n >>> 0;
    const hi = Math.floor(n / 4294967296) >>> 0;
    let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ lo;
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ Math.imul(hi, 0x27d4eb2f);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    this.s = (h ^ (h >>> 16)) >>> 0;
    return this;
  }

  /** Next 32-bit unsigned integer (mulberry32). */
  nextU32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }

  /** Uniform integer in [0, n) for n ≤ 2^32. */
  nextInt(n: number): number {
    return Math.floor((this.nextU32() / 4294967296) * n);
  }

  /** Uniform integer in [0, n) for n up to 2^53. */
  nextLong(n: number): number {
    return n <= 4294967296 ? this.nextInt(n) : Math.floor(this.nextDouble() * n);
  }
}

let pool: string | undefined;
const POOL_SIZE = 1 << 16;

/** A fixed pseudo-random text of lowercase words; random strings are slices of it. */
function textPool(): string {
  if (pool === undefined) {
    const r = new EventRandom().reset(0x5eed, 0);
    const chars: string[] = new Array(POOL_SIZE);
    for (let i = 0; i < POOL_SIZE; i++) {
      // about one space per 12 characters, like the reference's word-ish strings
      chars[i] = r.nextInt(13) === 0 ? ' ' : String.fromCharCode(97 + r.nextInt(26));
    }
    pool = chars.join('');
  }
  return pool;
}

/** A random string of exactly `length` characters (no leading/trailing space). */
export function nextString(r: EventRandom, length: number): string {
  const p = textPool();
  const at = r.nextInt(POOL_SIZE - length - 2) + 1;
  let s = p.slice(at, at + length);
  if (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32)
    s = `x${s.slice(1, -1)}x`.slice(0, length);
  return s;
}

/** Padding that brings a record to about `averageSize` bytes (±20%), as the reference does. */
export function nextExtra(r: EventRandom, currentSize: number, averageSize: number): string {
  if (currentSize > averageSize) return '';
  const desired = averageSize - currentSize;
  const delta = Math.round(desired * 0.2);
  const length = desired - delta + (delta > 0 ? r.nextInt(2 * delta) : 0);
  return length <= 0 ? '' : nextString(r, length);
}
