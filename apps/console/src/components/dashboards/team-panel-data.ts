/**
 * Merges the series of several jobs into one table for a team panel, and picks a stat's value
 * and threshold colour. Pure (the chart and its test share it).
 */
export interface JobSeries {
  jobName: string;
  timestamps: number[];
  series: { name: string; labels: Record<string, string>; values: (string | null)[] }[];
}

export interface PanelTable {
  keys: { key: string; label: string }[];
  rows: Record<string, number | string | null>[];
  /** Each series' last non-null value, exactly as the API returned it. */
  last: { key: string; label: string; value: string | null }[];
}

function label(jobName: string, labels: Record<string, string>, many: boolean): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const base = many || parts.length === 0 ? jobName : '';
  return parts.length ? `${base}${base ? ' ' : ''}{${parts.join(', ')}}` : base;
}

export function mergeJobSeries(jobs: JobSeries[]): PanelTable {
  const keys: PanelTable['keys'] = [];
  const last: PanelTable['last'] = [];
  const byTime = new Map<number, Record<string, number | string | null>>();
  for (const job of jobs) {
    for (const s of job.series) {
      const key = `s${keys.length}`;
      const name = label(job.jobName, s.labels, jobs.length > 1);
      keys.push({ key, label: name || job.jobName });
      let lastValue: string | null = null;
      job.timestamps.forEach((t, i) => {
        const row = byTime.get(t) ?? { t };
        const v = s.values[i] ?? null;
        row[key] = v === null ? null : Number(v);
        row[`${key}_exact`] = v;
        if (v !== null) lastValue = v;
        byTime.set(t, row);
      });
      last.push({ key, label: name || job.jobName, value: lastValue });
    }
  }
  const rows = [...byTime.values()].sort((a, b) => Number(a.t) - Number(b.t));
  return { keys, rows, last };
}

/** The colour of the highest threshold the value reaches, or null below them all. */
export function thresholdColor(
  value: string | null,
  thresholds: { value: string; color: 'warning' | 'danger' }[],
): 'warning' | 'danger' | null {
  if (value === null) return null;
  const v = Number(value);
  let best: { value: number; color: 'warning' | 'danger' } | null = null;
  for (const t of thresholds) {
    const at = Number(t.value);
    if (v >= at && (!best || at >= best.value)) best = { value: at, color: t.color };
  }
  return best?.color ?? null;
}
