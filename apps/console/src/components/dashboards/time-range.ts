/**
 * Grafana's time range conventions, kept in the URL: `?from=now-1h&to=now` (relative) or
 * epoch milliseconds (absolute, e.g. after zooming by dragging on a chart), and
 * `?refresh=5s`. Browser-safe and pure, so the pages and their tests share one reading.
 */
export const RANGE_PRESETS = [
  { key: 'now-5m', label: 'Last 5 minutes', ms: 5 * 60_000 },
  { key: 'now-15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { key: 'now-1h', label: 'Last 1 hour', ms: 3600_000 },
  { key: 'now-6h', label: 'Last 6 hours', ms: 6 * 3600_000 },
  { key: 'now-24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { key: 'now-7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { key: 'now-30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
] as const;

export const REFRESH_OPTIONS = [
  { key: 'off', label: 'Off', ms: 0 },
  { key: '1s', label: '1s', ms: 1000 },
  { key: '5s', label: '5s', ms: 5000 },
  { key: '30s', label: '30s', ms: 30_000 },
] as const;

export const DEFAULT_FROM = 'now-15m';

export interface TimeRange {
  /** As written in the URL. */
  from: string;
  to: string;
  refresh: string;
}

const RELATIVE = /^now-(\d+)([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 };

/** Epoch ms of a URL time (`now`, `now-15m`, or epoch ms); null when it is not one. */
export function resolveTime(value: string, nowMs: number): number | null {
  if (value === 'now') return nowMs;
  const relative = RELATIVE.exec(value);
  if (relative) return nowMs - Number(relative[1]) * UNIT_MS[relative[2]];
  return /^\d{10,16}$/.test(value) ? Number(value) : null;
}

/** The range the URL asks for, falling back to the last 15 minutes for anything unreadable. */
export function readTimeRange(params: URLSearchParams): TimeRange {
  const from = params.get('from') ?? DEFAULT_FROM;
  const to = params.get('to') ?? 'now';
  const refresh = params.get('refresh') ?? 'off';
  const ok = resolveTime(from, 0) !== null && resolveTime(to, 0) !== null;
  return {
    from: ok ? from : DEFAULT_FROM,
    to: ok ? to : 'now',
    refresh: REFRESH_OPTIONS.some((r) => r.key === refresh) ? refresh : 'off',
  };
}

export function resolveRange(range: TimeRange, nowMs: number): { from: number; to: number } {
  const from = resolveTime(range.from, nowMs) ?? nowMs - 15 * 60_000;
  const to = resolveTime(range.to, nowMs) ?? nowMs;
  return to > from ? { from, to } : { from: to - 60_000, to };
}

/** The query string for a range (other parameters of `base` kept). */
export function withTimeRange(base: URLSearchParams, range: Partial<TimeRange>): string {
  const params = new URLSearchParams(base);
  for (const [key, value] of Object.entries(range)) if (value !== undefined) params.set(key, value);
  return params.toString();
}

export function describeRange(range: TimeRange): string {
  const preset = RANGE_PRESETS.find((p) => p.key === range.from && range.to === 'now');
  if (preset) return preset.label;
  const fmt = (v: string) => {
    const ms = resolveTime(v, Date.now());
    return ms === null
      ? v
      : new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  };
  return `${fmt(range.from)} to ${fmt(range.to)}`;
}

export function refreshMs(range: TimeRange): number {
  return REFRESH_OPTIONS.find((r) => r.key === range.refresh)?.ms ?? 0;
}
