'use client';

/** A tiny inline chart of a series' recent values (records/s in the jobs list). */
export function Sparkline({ values, label }: { values: (string | null)[]; label: string }) {
  const points = values.map((v) => (v === null ? 0 : Number(v)));
  const max = Math.max(1, ...points);
  const width = 96;
  const height = 24;
  const step = points.length > 1 ? width / (points.length - 1) : width;
  const path = points
    .map(
      (p, i) =>
        `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${(height - (p / max) * (height - 2) - 1).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label={label}>
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
