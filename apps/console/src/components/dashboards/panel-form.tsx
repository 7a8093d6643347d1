'use client';

import {
  BUILT_IN_SERIES,
  CHART_TYPES,
  PANEL_UNITS,
  type PanelSpec,
  ZPanelSpec,
} from '@velo/api/dashboard-panel';
import { useId, useState } from 'react';
import { Field } from '../field';
import type { Unit } from './units';

// The API's unit list and the console's formatter must agree (a compile-time check).
const UNITS_FORMATTED: readonly Unit[] = PANEL_UNITS;

const METRICS = Object.keys(BUILT_IN_SERIES) as (keyof typeof BUILT_IN_SERIES)[];

/** Adds or edits a panel; validated with the API's own schema before it is sent. */
export function PanelForm({
  jobs,
  initial,
  pending,
  serverError,
  onSubmit,
  onCancel,
}: {
  jobs: { id: string; name: string }[];
  initial?: PanelSpec;
  pending: boolean;
  serverError?: string;
  onSubmit: (panel: PanelSpec) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [metric, setMetric] = useState<string>(initial?.metric ?? 'records_in');
  const [jobIds, setJobIds] = useState<string[]>(initial?.jobIds ?? []);
  const [chartType, setChartType] = useState<PanelSpec['chartType']>(initial?.chartType ?? 'line');
  const [unit, setUnit] = useState<PanelSpec['unit']>(initial?.unit ?? 'records/s');
  const [warning, setWarning] = useState(
    initial?.thresholds.find((t) => t.color === 'warning')?.value ?? '',
  );
  const [danger, setDanger] = useState(
    initial?.thresholds.find((t) => t.color === 'danger')?.value ?? '',
  );
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = () => {
    const thresholds = [
      ...(warning.trim() ? [{ value: warning.trim(), color: 'warning' as const }] : []),
      ...(danger.trim() ? [{ value: danger.trim(), color: 'danger' as const }] : []),
    ];
    const parsed = ZPanelSpec.safeParse({ title, metric, jobIds, chartType, unit, thresholds });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key =
          issue.path[0] === 'thresholds'
            ? (thresholds[Number(issue.path[1])]?.color ?? 'warning')
            : String(issue.path[0]);
        next[key] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    onSubmit(parsed.data);
  };

  return (
    <form
      className="panel-form"
      data-testid="panel-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Field label="Title" htmlFor={`${id}-title`} error={errors.title}>
        <input
          id={`${id}-title`}
          value={title}
          data-testid="panel-title"
          onChange={(e) => setTitle(e.target.value)}
        />
      </Field>
      <Field
        label="Metric"
        htmlFor={`${id}-metric`}
        error={errors.metric}
        hint="A built-in series, or user:<name> for a job's -- @metric"
      >
        <input
          id={`${id}-metric`}
          list={`${id}-metrics`}
          value={metric}
          data-testid="panel-metric"
          onChange={(e) => {
            setMetric(e.target.value);
            const known = BUILT_IN_SERIES[e.target.value as keyof typeof BUILT_IN_SERIES];
            if (known && UNITS_FORMATTED.includes(known.unit)) setUnit(known.unit);
          }}
        />
      </Field>
      <datalist id={`${id}-metrics`}>
        {METRICS.map((m) => (
          <option key={m} value={m}>
            {BUILT_IN_SERIES[m].help}
          </option>
        ))}
      </datalist>
      <fieldset
        className="panel-jobs"
        aria-describedby={errors.jobIds ? `${id}-jobs-error` : undefined}
      >
        <legend>Jobs</legend>
        {jobs.length === 0 ? <p className="muted">The team has no jobs yet.</p> : null}
        {jobs.map((j) => (
          <label key={j.id} className="checkbox">
            <input
              type="checkbox"
              checked={jobIds.includes(j.id)}
              data-testid="panel-job"
              data-name={j.name}
              onChange={(e) =>
                setJobIds((ids) =>
                  e.target.checked ? [...ids, j.id] : ids.filter((x) => x !== j.id),
                )
              }
            />{' '}
            {j.name}
          </label>
        ))}
        {errors.jobIds ? (
          <p className="field-error" id={`${id}-jobs-error`}>
            {errors.jobIds}
          </p>
        ) : null}
      </fieldset>
      <div className="panel-form-row">
        <Field label="Chart" htmlFor={`${id}-chart`}>
          <select
            id={`${id}-chart`}
            value={chartType}
            data-testid="panel-chart-type"
            onChange={(e) => setChartType(e.target.value as PanelSpec['chartType'])}
          >
            {CHART_TYPES.map((c) => (
              <option key={c} value={c}>
                {c.charAt(0).toUpperCase() + c.slice(1)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Unit" htmlFor={`${id}-unit`}>
          <select
            id={`${id}-unit`}
            value={unit}
            data-testid="panel-unit"
            onChange={(e) => setUnit(e.target.value as PanelSpec['unit'])}
          >
            {PANEL_UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Warning at" htmlFor={`${id}-warning`} error={errors.warning}>
          <input
            id={`${id}-warning`}
            inputMode="decimal"
            value={warning}
            placeholder="none"
            onChange={(e) => setWarning(e.target.value)}
          />
        </Field>
        <Field label="Danger at" htmlFor={`${id}-danger`} error={errors.danger}>
          <input
            id={`${id}-danger`}
            inputMode="decimal"
            value={danger}
            placeholder="none"
            onChange={(e) => setDanger(e.target.value)}
          />
        </Field>
      </div>
      {serverError ? (
        <p className="form-error" role="alert">
          {serverError}
        </p>
      ) : null}
      <div className="row-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={pending}
          data-testid="panel-save"
        >
          {pending ? 'Saving…' : initial ? 'Save panel' : 'Add panel'}
        </button>
      </div>
    </form>
  );
}
