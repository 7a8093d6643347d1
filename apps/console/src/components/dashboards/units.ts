/**
 * Units and SI formatting of chart axes and tooltips (Grafana's conventions). Tooltips show
 * the exact decimal text the API returned; axes use the short SI form.
 */
export type Unit =
  | 'records/s'
  | 'bytes/s'
  | 'bytes'
  | 'ms'
  | 's'
  | 'records'
  | 'entries'
  | 'restarts'
  | 'ms/s'
  | 'short';

const SI = ['', 'k', 'M', 'G', 'T', 'P'];
const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function trimmed(n: number): string {
  return Number(n.toPrecision(3)).toString();
}

/** 1234 → "1.23k", 0.5 → "0.5". */
export function siNumber(value: number): string {
  let n = Math.abs(value);
  let i = 0;
  while (n >= 1000 && i < SI.length - 1) {
    n /= 1000;
    i++;
  }
  return `${value < 0 ? '-' : ''}${trimmed(n)}${SI[i]}`;
}

export function bytes(value: number): string {
  let n = Math.abs(value);
  let i = 0;
  while (n >= 1024 && i < BINARY.length - 1) {
    n /= 1024;
    i++;
  }
  return `${value < 0 ? '-' : ''}${trimmed(n)} ${BINARY[i]}`;
}

export function duration(value: number, unit: 'ms' | 's'): string {
  const ms = unit === 's' ? value * 1000 : value;
  if (Math.abs(ms) < 1) return `${trimmed(ms * 1000)} µs`;
  if (Math.abs(ms) < 1000) return `${trimmed(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${trimmed(ms / 1000)} s`;
  if (Math.abs(ms) < 3600_000) return `${trimmed(ms / 60_000)} min`;
  return `${trimmed(ms / 3600_000)} h`;
}

/** Short form for an axis tick or a stat. */
export function formatUnit(value: number, unit: Unit): string {
  switch (unit) {
    case 'records/s':
      return `${siNumber(value)}/s`;
    case 'bytes/s':
      return `${bytes(value)}/s`;
    case 'bytes':
      return bytes(value);
    case 'ms':
    case 's':
      return duration(value, unit);
    case 'ms/s':
      return `${trimmed(value)} ms/s`;
    default:
      return siNumber(value);
  }
}
