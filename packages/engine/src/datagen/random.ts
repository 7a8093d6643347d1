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

const POOL_SIZE = 1 << 16;
let wordPool: string | undefined;
let letterPool: string | undefined;

/** Fixed pseudo-random texts; random strings are slices of them (one draw instead of one per char). */
function pool(words: boolean): string {
  if (words ? wordPool === undefined : letterPool === undefined) {
    const r = new EventRandom().reset(words ? 0x5eed : 0x1e77e5, 0);
    const chars: string[] = new Array(POOL_SIZE);
    for (let i = 0; i < POOL_SIZE; i++) {
      // the reference puts a space in place of a letter with probability 1/13
      chars[i] = words && r.nextInt(13) === 0 ? ' ' : String.fromCharCode(97 + r.nextInt(26));
    }
    if (words) wordPool = chars.join('');
    else letterPool = chars.join('');
  }
  return (words ? wordPool : letterPool) as string;
}

const MIN_STRING_LENGTH = 3;

/** Like the reference nextString: 3 to maxLength − 1 letters and spaces, trimmed. */
export function nextString(r: EventRandom, maxLength: number): string {
  const length = MIN_STRING_LENGTH + r.nextInt(maxLength - MIN_STRING_LENGTH);
  const at = r.nextInt(POOL_SIZE - length);
  return pool(true)
    .slice(at, at + length)
    .trim();
}

/** Exactly `length` lowercase letters. */
export function nextExactString(r: EventRandom, length: number): string {
  const at = r.nextInt(POOL_SIZE - length);
  return pool(false).slice(at, at + length);
}

/** Padding that brings a record to about `averageSize` bytes (±20%), as the reference does. */
export function nextExtra(r: EventRandom, currentSize: number, averageSize: number): string {
  if (currentSize > averageSize) return '';
  const desired = averageSize - currentSize;
  const delta = Math.round(desired * 0.2);
  const length = desired - delta + (delta > 0 ? r.nextInt(2 * delta) : 0);
  return length <= 0 ? '' : nextExactString(r, length);
}
