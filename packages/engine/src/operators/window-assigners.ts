/** Epoch-aligned window assignment: `[floor(t/size)*size, +size)`. */

export type WindowKind = 'tumbling' | 'sliding' | 'session';

export interface WindowSpec {
  kind: WindowKind;
  /** Window length in ms (tumbling, sliding). */
  size: number;
  /** Advance in ms (sliding); equals size for tumbling. */
  slide: number;
  /** Inactivity gap in ms (session). */
  gap: number;
}

export function tumblingStart(t: number, size: number): number {
  return Math.floor(t / size) * size;
}

/** Starts of every sliding window containing `t`, oldest first, written into `out`. */
export function slidingStarts(t: number, size: number, slide: number, out: number[]): number {
  const last = Math.floor(t / slide) * slide;
  let n = 0;
  let first = last;
  while (first - slide > t - size) first -= slide;
  for (let s = first; s <= last; s += slide) out[n++] = s;
  return n;
}

export function describeWindow(w: WindowSpec): string {
  if (w.kind === 'tumbling') return `TUMBLING(${w.size}ms)`;
  if (w.kind === 'sliding') return `SLIDING(${w.size}ms, ${w.slide}ms)`;
  return `SESSION(${w.gap}ms)`;
}
