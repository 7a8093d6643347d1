'use client';

import { useState } from 'react';
import { describeRange, RANGE_PRESETS, REFRESH_OPTIONS, type TimeRange } from './time-range';

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date().getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function TimeRangePicker({
  range,
  resolved,
  onChange,
}: {
  range: TimeRange;
  resolved: { from: number; to: number };
  onChange: (next: Partial<TimeRange>) => void;
}) {
  const [custom, setCustom] = useState<{ from: string; to: string } | null>(null);
  const preset =
    RANGE_PRESETS.some((p) => p.key === range.from) && range.to === 'now' ? range.from : 'custom';
  return (
    <div className="time-range" data-testid="time-range">
      <label className="field field-inline">
        <span className="visually-hidden">Time range</span>
        <select
          value={preset}
          data-testid="time-range-select"
          aria-label="Time range"
          onChange={(e) => {
            if (e.target.value === 'custom') {
              setCustom({ from: toLocalInput(resolved.from), to: toLocalInput(resolved.to) });
            } else {
              setCustom(null);
              onChange({ from: e.target.value, to: 'now' });
            }
          }}
        >
          {RANGE_PRESETS.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
          <option value="custom">{preset === 'custom' ? describeRange(range) : 'Custom…'}</option>
        </select>
      </label>
      {custom ? (
        <form
          className="time-range-custom"
          onSubmit={(e) => {
            e.preventDefault();
            const from = new Date(custom.from).getTime();
            const to = new Date(custom.to).getTime();
            if (Number.isFinite(from) && Number.isFinite(to) && to > from) {
              onChange({ from: String(from), to: String(to) });
              setCustom(null);
            }
          }}
        >
          <input
            type="datetime-local"
            aria-label="From"
            value={custom.from}
            onChange={(e) => setCustom({ ...custom, from: e.target.value })}
          />
          <input
            type="datetime-local"
            aria-label="To"
            value={custom.to}
            onChange={(e) => setCustom({ ...custom, to: e.target.value })}
          />
          <button type="submit" className="button button-small">
            Apply
          </button>
        </form>
      ) : null}
      <label className="field field-inline">
        <span>Refresh</span>
        <select
          value={range.refresh}
          aria-label="Auto refresh"
          data-testid="refresh-select"
          onChange={(e) => onChange({ refresh: e.target.value })}
        >
          {REFRESH_OPTIONS.map((r) => (
            <option key={r.key} value={r.key}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
